#!/usr/bin/env bash
# `make messages`: update the English catalogue from the sources and compile it.
#   1. makemessages: every {% translate %}, {% blocktranslate %}, _() and gettext of the apps and
#      templates into locale/en/LC_MESSAGES/django.po (new strings empty, old ones dropped);
#   2. fill_translations: the English texts of locale/en/translations/*.json into the .po, and a
#      list of what is still missing;
#   3. compilemessages: the .po into the .mo that Django reads (both are committed).
# Needs GNU gettext (Debian: apt-get install gettext) for steps 1 and 3.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export DJANGO_ENV=${DJANGO_ENV:-development}
command -v xgettext >/dev/null || { echo "messages: GNU gettext is missing (apt-get install gettext)" >&2; exit 1; }
.venv/bin/python manage.py fill_translations --extract --compile
