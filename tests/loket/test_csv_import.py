"""CSV import of the source registries: all rows or none, every bad row reported by line number."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket import csv_import
from loket.models import DimonaRelatie, DmfaLoonlijn, KboInschrijving, VdabIndicatie
from tests import factories

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "loket" / "fixtures" / "bronnen"

VDAB_KOP = ",".join(
    "insz arbeidshandicap_erkend doelgroep behoefte percentage duur_jaren".split()
    + "geldig_van geldig_tot begeleidingsnood".split()
)

VDAB_GOED = (
    VDAB_KOP.replace(",", ";")
    + """
93.05.18-223.61;ja;PmAH;loonpremie;40;5;01/01/2026;;
85031412302;1;pmp;Loonpremie en begeleidingspremie;55;5;2026-02-01;2031-01-31;hoog
"""
)

VDAB_FOUT = (
    VDAB_KOP
    + """
93051822361,ja,pmah,loonpremie,40,5,2026-01-01,,
93051822362,ja,pmah,loonpremie,40,5,2026-01-01,,
85031412302,ja,pmah,loonpremie,40,5,2026-01-01,,
85031412302,ja,pmah,loonpremie,90,3,31/02/2026,,
"""
)


def schrijf(tmp_path, inhoud, naam="bron.csv", encoding="utf-8"):
    pad = tmp_path / naam
    pad.write_text(inhoud, encoding=encoding)
    return str(pad)


def test_command_imports_a_valid_file_and_says_how_many(tmp_path, capsys):
    call_command("importeer_bron", "vdab", schrijf(tmp_path, VDAB_GOED))
    assert "2 rij(en) geïmporteerd in VDAB-indiceringen" in capsys.readouterr().out
    eerste = VdabIndicatie.objects.get(insz="93051822361")
    assert (eerste.doelgroep, eerste.geldig_van, eerste.geldig_tot) == ("pmah", dt.date(2026, 1, 1), None)
    tweede = VdabIndicatie.objects.get(insz="85031412302")
    assert (tweede.behoefte, tweede.begeleidingsnood) == ("loon_begeleiding", "hoog")
    assert tweede.history.get().history_change_reason == "CSV-import"


def test_one_bad_row_imports_nothing_and_every_bad_row_is_reported(tmp_path, capsys):
    with pytest.raises(CommandError, match="Niets geïmporteerd: 2 regel"):
        call_command("importeer_bron", "vdab", schrijf(tmp_path, VDAB_FOUT))
    fouten = capsys.readouterr().err
    assert "Regel 3, kolom insz: Dit INSZ-nummer bestaat niet: het controlegetal klopt niet." in fouten
    assert "Regel 5, kolom percentage:" in fouten
    assert "Regel 5, kolom duur_jaren:" in fouten
    assert "Regel 5, kolom geldig_van: Voer een geldige datum in." in fouten
    assert "Regel 2" not in fouten and "Regel 4" not in fouten
    assert not VdabIndicatie.objects.exists()


def test_semicolons_dutch_dates_and_decimal_commas(tmp_path):
    dmfa = (
        "werkgever_kbo;insz;jaar;kwartaal;brutoloon;werkgeversbijdragen;verminderingen;arbeidsfractie\n"
        "0566.988.259;93051822361;2025;4;9.150,25;2.287,50;;0,8\n"
    )
    call_command("importeer_bron", "dmfa", schrijf(tmp_path, dmfa))
    lijn = DmfaLoonlijn.objects.get()
    assert lijn.werkgever_kbo == "0566988259"
    assert (lijn.brutoloon, lijn.werkgeversbijdragen) == (Decimal("9150.25"), Decimal("2287.50"))
    assert (lijn.verminderingen, lijn.arbeidsfractie) == (Decimal("0"), Decimal("0.8"))

    dimona = (
        "werkgever_kbo,insz,begin,einde,arbeidsfractie\n0566988259,93051822361,15/09/2023,31-12-2026,0.5\n"
    )
    call_command("importeer_bron", "dimona", schrijf(tmp_path, dimona, "dimona.csv"))
    relatie = DimonaRelatie.objects.get()
    assert (relatie.begin, relatie.einde, relatie.arbeidsfractie) == (
        dt.date(2023, 9, 15),
        dt.date(2026, 12, 31),
        Decimal("0.5"),
    )


def test_excel_encoding_and_yes_no(tmp_path):
    kbo = "kbo_nummer;naam;rechtsvorm;actief\n0566988259;Café Zonnebloem;Naamloze vennootschap;nee\n"
    call_command("importeer_bron", "kbo", schrijf(tmp_path, kbo, encoding="cp1252"))
    rij = KboInschrijving.objects.get()
    assert (rij.naam, rij.actief) == ("Café Zonnebloem", False)


def test_kbo_with_the_registered_seat(tmp_path):
    kbo = (
        "kbo_nummer;naam;straat;postcode;gemeente\n"
        "0566988259;Bakkerij Zonnebloem bv;Veldstraat 7;9000;Gent\n"
        "0428759497;Zonder zetel nv;;;\n"
    )
    call_command("importeer_bron", "kbo", schrijf(tmp_path, kbo))
    met = KboInschrijving.objects.get(kbo_nummer="0566988259")
    assert (met.straat, met.postcode, met.gemeente) == ("Veldstraat 7", "9000", "Gent")
    assert KboInschrijving.objects.get(kbo_nummer="0428759497").straat == ""


def test_header_errors_are_reported(tmp_path, capsys):
    with pytest.raises(CommandError):
        call_command("importeer_bron", "kbo", schrijf(tmp_path, "kbo;naam;kleur\n0566988259;X;rood\n"))
    fouten = capsys.readouterr().err
    assert "Regel 1, kolom kbo: onbekende kolom" in fouten
    assert "Regel 1, kolom kleur: onbekende kolom" in fouten
    assert "Regel 1, kolom kbo_nummer: deze verplichte kolom ontbreekt." in fouten


def test_duplicates_in_the_file_and_in_the_registry(tmp_path, capsys):
    factories.KboInschrijvingFactory(kbo_nummer="0428759497")
    inhoud = "kbo_nummer;naam\n0566988259;A\n0566.988.259;B\n0428759497;C\n0203.201.340;D\n;E\n"
    with pytest.raises(CommandError):
        call_command("importeer_bron", "kbo", schrijf(tmp_path, inhoud))
    fouten = capsys.readouterr().err
    assert "Regel 3, kolom kbo_nummer: dezelfde waarde staat al op regel 2 van dit bestand." in fouten
    assert "Regel 4, kolom kbo_nummer: Er bestaat al een KBO-inschrijving met eenzelfde KBO-nummer." in fouten
    assert "Regel 6, kolom kbo_nummer: Dit veld is verplicht." in fouten
    assert KboInschrijving.objects.count() == 1


def test_a_row_with_the_wrong_number_of_cells(tmp_path, capsys):
    with pytest.raises(CommandError):
        call_command("importeer_bron", "kbo", schrijf(tmp_path, "kbo_nummer;naam\n0566988259;A;extra\n"))
    assert "Regel 2: deze regel heeft 3 velden, de kopregel 2." in capsys.readouterr().err


def test_empty_file_and_missing_file(tmp_path):
    with pytest.raises(CommandError):
        call_command("importeer_bron", "kbo", schrijf(tmp_path, "kbo_nummer;naam\n"))
    with pytest.raises(CommandError, match="Bestand niet gevonden"):
        call_command("importeer_bron", "kbo", str(tmp_path / "bestaat-niet.csv"))


def test_the_shipped_example_files_import(capsys):
    for bron in ("kbo", "vdab", "dimona", "dmfa"):
        call_command("importeer_bron", bron, str(FIXTURES / f"{bron}.csv"))
    assert KboInschrijving.objects.count() >= 3
    assert VdabIndicatie.objects.count() >= 3
    assert DimonaRelatie.objects.count() >= 3
    assert DmfaLoonlijn.objects.count() >= 3
    assert KboInschrijving.objects.filter(actief=False).exists()  # to try a refused registration


def test_parsing_reports_all_rows_without_saving():
    resultaat = csv_import.lees("vdab", VDAB_FOUT.encode())
    assert not resultaat.ok
    assert resultaat.foute_regels == [3, 5]
    assert not VdabIndicatie.objects.exists()


# --- admin page ------------------------------------------------------------------------------


def staff(client, *, superuser=True, perms=()):
    """A staff member signed in to the admin, with a verified second factor."""
    user = factories.UserFactory(is_staff=True, is_superuser=superuser)
    for codename in perms:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return user


URL = "/admin/loket/vdabindicatie/csv-importeren/"


def test_admin_changelist_links_to_the_import(client):
    staff(client)
    html = client.get(reverse("admin:loket_vdabindicatie_changelist")).content.decode()
    assert URL in html and "CSV importeren" in html
    assert reverse("admin:loket_vdabindicatie_csv_import") == URL


def test_admin_imports_a_valid_file(client):
    user = staff(client)
    response = client.post(URL, {"bestand": SimpleUploadedFile("vdab.csv", VDAB_GOED.encode())}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:loket_vdabindicatie_changelist")
    assert "2 rijen geïmporteerd" in response.content.decode()
    assert VdabIndicatie.objects.count() == 2
    assert VdabIndicatie.history.first().history_user == user


def test_admin_shows_every_bad_row_and_imports_nothing(client):
    staff(client)
    response = client.post(URL, {"bestand": SimpleUploadedFile("vdab.csv", VDAB_FOUT.encode())})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Niets geïmporteerd: 2 regels met fouten." in html
    assert (
        "<td>3</td><td>insz</td><td>Dit INSZ-nummer bestaat niet: het controlegetal klopt niet.</td>" in html
    )
    assert "<td>5</td><td>geldig_van</td><td>Voer een geldige datum in.</td>" in html
    assert not VdabIndicatie.objects.exists()


def test_admin_import_needs_a_file(client):
    staff(client)
    response = client.post(URL, {})
    assert "Dit veld is verplicht" in response.content.decode()


def test_admin_import_needs_add_permission(client):
    staff(client, superuser=False, perms=["view_vdabindicatie"])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"bestand": SimpleUploadedFile("v.csv", VDAB_GOED.encode())}).status_code == 403
    assert not VdabIndicatie.objects.exists()


def test_admin_import_is_not_for_employers(employer_client):
    response = employer_client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response.url


# --- Hostile values: refused with a clear message, nothing stored ---------------------------------


def test_a_kbo_number_with_a_superscript_or_arabic_indic_digits_is_refused(tmp_path, capsys):
    inhoud = "kbo_nummer;naam\n0566988259²;Bakkerij A\n٠٥٦٦٩٨٨٢٥٩;Bakkerij B\n0428759497;Goed nv\n"
    with pytest.raises(CommandError):
        call_command("importeer_bron", "kbo", schrijf(tmp_path, inhoud))
    fouten = capsys.readouterr().err
    assert "Regel 2, kolom kbo_nummer: Een KBO-nummer heeft 10 cijfers, bijvoorbeeld 0566.988.259." in fouten
    assert "Regel 3, kolom kbo_nummer: Een KBO-nummer heeft 10 cijfers, bijvoorbeeld 0566.988.259." in fouten
    assert not KboInschrijving.objects.exists()


@pytest.mark.parametrize("datum", ["31/12/9999", "0001-01-01"])
def test_a_date_in_year_9999_or_1_is_refused(tmp_path, capsys, datum):
    inhoud = VDAB_KOP.replace(",", ";") + f"\n93051822361;ja;pmah;loonpremie;40;5;2026-01-01;{datum};\n"
    with pytest.raises(CommandError):
        call_command("importeer_bron", "vdab", schrijf(tmp_path, inhoud))
    fout = "Regel 2, kolom geldig_tot: Geef een datum tussen 01/01/1900 en 31/12/2099."
    assert fout in capsys.readouterr().err
    assert not VdabIndicatie.objects.exists()


def test_a_registry_keeps_dates_from_before_the_portal(tmp_path):
    """An employment that began in 1998 is a fact of the registry, not a typo."""
    inhoud = VDAB_KOP.replace(",", ";") + "\n93051822361;ja;pmah;loonpremie;40;5;1998-09-01;;\n"
    call_command("importeer_bron", "vdab", schrijf(tmp_path, inhoud))
    assert VdabIndicatie.objects.get().geldig_van == dt.date(1998, 9, 1)
