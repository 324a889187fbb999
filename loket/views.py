from functools import wraps

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import backends, emailbevestiging, toegangsbeheer
from .access import in_naam_van_vereist, organisaties_voor
from .forms import AccountForm, ActivatieForm, MandaatForm, RegistratieForm, UitnodigingForm
from .middleware import SESSION_KEY_ORGANISATIE
from .models import Maatregel, Mandaat, Rol, Toegang, Uitnodiging
from .page_cache import cached_page
from .rules import CodeStatus, nieuwe_activatiebrief_mag


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@require_http_methods(["GET", "POST"])
def account_aanmaken(request):
    """Create a portal account; then signed in and on to the registration (or ``next``)."""
    if request.user.is_authenticated:
        return HttpResponseRedirect(_safe_next(request, reverse("loket:registreren")))
    form = AccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            emailbevestiging.stuur_bevestiging(user)
        login(request, user, backend=backends.PATH)
        messages.success(
            request,
            _(
                "Uw account is aangemaakt. U bent aangemeld. We stuurden een e-mail naar %(email)s: open "
                "de link erin om uw e-mailadres te bevestigen."
            )
            % {"email": user.email},
        )
        return HttpResponseRedirect(_safe_next(request, reverse("loket:registreren")))
    return render(
        request, "registration/account_aanmaken.html", {"form": form, "next": _safe_next(request, "")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def kies_organisatie(request):
    """*In naam van*: choose the organisation to act for; kept in the session."""
    organisaties = list(organisaties_voor(request.user).order_by("naam"))
    fout = ""
    if request.method == "POST":
        gekozen = next((o for o in organisaties if str(o.pk) == request.POST.get("organisatie")), None)
        if gekozen is None:
            fout = _("Kies een organisatie waarvoor u toegang hebt.")
        else:
            request.session[SESSION_KEY_ORGANISATIE] = gekozen.pk
            return HttpResponseRedirect(_safe_next(request, reverse("loket:dashboard")))
    elif len(organisaties) == 1 and not request.GET.get("wissel"):
        request.session[SESSION_KEY_ORGANISATIE] = organisaties[0].pk
        return HttpResponseRedirect(_safe_next(request, reverse("loket:dashboard")))
    return render(
        request,
        "loket/kies_organisatie.html",
        {
            "organisaties": organisaties,
            "fout": fout,
            "next": _safe_next(request, ""),
            "in_afwachting": _in_afwachting(request.user),
        },
    )


def _in_afwachting(gebruiker, organisatie=None) -> list[Toegang]:
    """The user's registrations waiting for activation, each with its last letter (``brief``)."""
    wachtend = Toegang.objects.in_afwachting().filter(gebruiker=gebruiker).select_related("organisatie")
    if organisatie is not None:
        wachtend = wachtend.filter(organisatie=organisatie)
    resultaat = list(wachtend.order_by("-verleend_op", "-pk"))
    for toegang in resultaat:
        toegang.brief = toegangsbeheer.huidige_activatiecode(toegang)
    return resultaat


def _met_imw_toegang(request) -> bool:
    # A registration waiting for its activation code shows the code's validity to the minute.
    return request.toegang is not None and request.toegang.maatregel == Maatregel.IMW


@login_required
@cached_page(when=_met_imw_toegang)
def dashboard(request):
    """'Start nieuwe aanvraag': the tiles of the measures.

    Without an organisation to act for, a user whose registration waits for the activation code
    sees the (unclickable) tile with the reason, and nothing of the organisation; anybody else
    chooses an organisation first."""
    if request.organisatie is None:
        wachtend = _in_afwachting(request.user)
        if not wachtend:
            return redirect(f"{reverse('loket:kies_organisatie')}?next={request.get_full_path()}")
        return render(
            request,
            "loket/dashboard.html",
            {"imw_actief": False, "in_afwachting": wachtend, "alleen_in_afwachting": True},
        )
    # The middleware's grant is the user's one active grant for this organisation (one per
    # measure): when it is the IMW grant, no second query is needed.
    imw = (
        request.toegang
        if request.toegang.maatregel == Maatregel.IMW
        else Toegang.objects.actief()
        .filter(gebruiker=request.user, organisatie=request.organisatie, maatregel=Maatregel.IMW)
        .first()
    )
    verantwoordelijke = None if imw else toegangsbeheer.actieve_verantwoordelijke(request.organisatie)
    return render(
        request,
        "loket/dashboard.html",
        {
            "imw_actief": imw is not None,
            "imw_verantwoordelijke": imw is not None and imw.rol == Rol.VERANTWOORDELIJKE,
            "verantwoordelijke_voornaam": verantwoordelijke.gebruiker.first_name if verantwoordelijke else "",
            "in_afwachting": [] if imw else _in_afwachting(request.user, request.organisatie),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def registreren(request):
    """Registration as DWSE Organisatieverantwoordelijke for IMW for one KBO number."""
    initial = {}
    if request.organisatie is not None:
        initial = {"kbo_nummer": request.organisatie.kbo_weergave, "soort": request.organisatie.soort}
    form = RegistratieForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            toegang, created = toegangsbeheer.registreer_verantwoordelijke(
                gebruiker=request.user,
                onderneming=form.onderneming,
                soort=form.cleaned_data["soort"],
                scholengroep=form.scholengroep,
            )
        except toegangsbeheer.ToegangGeweigerd as exc:
            form.add_error("kbo_nummer", str(exc))
        else:
            if toegang.in_afwachting:
                return _na_registratie_in_afwachting(request, toegang, created)
            request.session[SESSION_KEY_ORGANISATIE] = toegang.organisatie_id
            if created:
                messages.success(
                    request,
                    _(
                        "U bent geregistreerd als DWSE Organisatieverantwoordelijke voor individueel "
                        "maatwerk voor %(naam)s. U werkt nu in naam van deze organisatie."
                    )
                    % {"naam": toegang.organisatie.naam},
                )
            else:
                messages.info(
                    request,
                    _("U was al DWSE Organisatieverantwoordelijke voor individueel maatwerk voor %(naam)s.")
                    % {"naam": toegang.organisatie.naam},
                )
            return redirect("loket:dashboard")
    return render(request, "loket/registreren.html", {"form": form})


def _na_registratie_in_afwachting(request, toegang: Toegang, created: bool):
    brief = toegangsbeheer.huidige_activatiecode(toegang)
    if brief is None:
        messages.warning(request, toegangsbeheer.zetel_onbekend_melding())
    elif created:
        messages.success(
            request,
            _(
                "Uw registratie voor %(naam)s is ontvangen. Om te bewijzen dat u voor deze organisatie "
                "werkt, sturen we een brief met een activatiecode naar de maatschappelijke zetel in de "
                "Kruispuntbank van Ondernemingen: %(adres)s. Tot u die code invult, kunt u nog niets "
                "doen in naam van de organisatie."
            )
            % {"naam": toegang.organisatie.naam, "adres": brief.adres},
        )
    else:
        messages.info(
            request,
            _("Uw registratie voor %(naam)s wacht al op de activatiecode die per post is verstuurd.")
            % {"naam": toegang.organisatie.naam},
        )
    return redirect(f"{reverse('loket:activeren')}?registratie={toegang.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def activeren(request):
    """Enter the activation code from the letter sent to the registered seat (or ask a new one)."""
    wachtend = _in_afwachting(request.user)
    if not wachtend:
        messages.info(request, _("U hebt geen registratie die op een activatiecode wacht."))
        return redirect("loket:dashboard")
    gekozen = request.POST.get("registratie") or request.GET.get("registratie")
    toegang = next((t for t in wachtend if str(t.pk) == gekozen), wachtend[0])
    form = ActivatieForm(request.POST if request.method == "POST" and "code" in request.POST else None)
    fout = ""
    if request.method == "POST" and request.POST.get("actie") == "nieuwe_brief":
        try:
            brief = toegangsbeheer.vraag_nieuwe_activatiebrief(toegang, request.user)
        except toegangsbeheer.ToegangGeweigerd as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Er gaat een nieuwe brief met een activatiecode naar %(adres)s. "
                    "De vorige code werkt niet meer."
                )
                % {"adres": brief.adres},
            )
        return redirect(f"{reverse('loket:activeren')}?registratie={toegang.pk}")
    if request.method == "POST" and form.is_valid():
        fout = toegangsbeheer.activeer_met_code(toegang, form.cleaned_data["code"], request.user)
        if fout is None:
            request.session[SESSION_KEY_ORGANISATIE] = toegang.organisatie_id
            messages.success(
                request,
                _(
                    "Uw registratie is geactiveerd. U bent nu DWSE Organisatieverantwoordelijke voor "
                    "individueel maatwerk voor %(naam)s en werkt in naam van deze organisatie."
                )
                % {"naam": toegang.organisatie.naam},
            )
            return redirect("loket:dashboard")
        form.add_error("code", fout)
        toegang.brief = toegangsbeheer.huidige_activatiecode(toegang)
    status = toegangsbeheer.code_status(toegang.brief)
    return render(
        request,
        "loket/activeren.html",
        {
            "form": form,
            "toegang": toegang,
            "brief": toegang.brief,
            "status": status,
            "in_afwachting": wachtend,
            "nieuwe_brief_mag": nieuwe_activatiebrief_mag(status, toegang.activatiecodes.count()),
            "code_bruikbaar": status == CodeStatus.GELDIG,
            "fout": fout,
        },
    )


def verantwoordelijke_vereist(view):
    """Only the organisation responsible for IMW of the current organisation; others get 403."""

    @in_naam_van_vereist
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not toegangsbeheer.is_verantwoordelijke(request.user, request.organisatie):
            raise PermissionDenied(_("Alleen de DWSE Organisatieverantwoordelijke beheert de toegang."))
        return view(request, *args, **kwargs)

    return wrapper


def _uitnodiging_status(uitnodiging: Uitnodiging, nu) -> tuple[str, str]:
    if uitnodiging.aanvaard_op:
        return "aanvaard", _("Aanvaard")
    if uitnodiging.ingetrokken_op:
        return "ingetrokken", _("Ingetrokken")
    if uitnodiging.geldig_tot <= nu:
        return "verlopen", _("Verlopen")
    return "open", _("Openstaand")


@verantwoordelijke_vereist
@require_http_methods(["GET", "POST"])
def toegang(request, mandaat_form: MandaatForm | None = None):
    """Who may act for this organisation for IMW; invite a colleague. ``mandaat_form``: a refused
    mandate, shown again with what was typed and why (from ``mandaat_verlenen``)."""
    form = UitnodigingForm(
        request.POST if request.method == "POST" and mandaat_form is None else None,
        organisatie=request.organisatie,
        maatregel=Maatregel.IMW,
    )
    if request.method == "POST" and mandaat_form is None and form.is_valid():
        uitnodiging = toegangsbeheer.nodig_uit(
            organisatie=request.organisatie, email=form.cleaned_data["email"], door=request.user
        )
        messages.success(
            request,
            _("Er is een uitnodiging gestuurd naar %(email)s. Ze is 14 dagen geldig.")
            % {"email": uitnodiging.email},
        )
        return redirect("loket:toegang")
    toegangen = (
        Toegang.objects.filter(organisatie=request.organisatie, maatregel=Maatregel.IMW)
        .select_related("gebruiker", "verleend_door", "ingetrokken_door")
        .order_by(F("ingetrokken_op").desc(nulls_first=True), "-verleend_op", "-pk")
    )
    nu = timezone.now()
    uitnodigingen = list(
        Uitnodiging.objects.filter(organisatie=request.organisatie, maatregel=Maatregel.IMW)
        .select_related("uitgenodigd_door", "aanvaard_door")
        .order_by("-aangemaakt_op", "-pk")
    )
    for u in uitnodigingen:
        u.status, u.status_label = _uitnodiging_status(u, nu)
    return render(
        request,
        "loket/toegang.html",
        {
            "form": form,
            "toegangen": toegangen,
            "uitnodigingen": uitnodigingen,
            "mandaat_form": mandaat_form or MandaatForm(),
            "mandaten": _mandaten(request.organisatie),
            **_api_context(request),
        },
        status=400 if mandaat_form is not None else 200,
    )


def _mandaten(organisatie):
    return (
        Mandaat.objects.filter(organisatie=organisatie, maatregel=Maatregel.IMW)
        .select_related("secretariaat", "verleend_door", "ingetrokken_door")
        .order_by(F("ingetrokken_op").desc(nulls_first=True), "-verleend_op", "-pk")
    )


def _api_context(request) -> dict:
    """The organisation's API clients, shown on the same page (see loket.api.portaal)."""
    from .api.portaal import clients_context

    return clients_context(request)


@verantwoordelijke_vereist
@require_POST
def mandaat_verlenen(request):
    """Let a social secretariat act for this organisation for IMW through the API."""
    form = MandaatForm(request.POST)
    if form.is_valid():
        try:
            mandaat = toegangsbeheer.verleen_mandaat(
                organisatie=request.organisatie, secretariaat=form.onderneming, door=request.user
            )
        except toegangsbeheer.ToegangGeweigerd as exc:
            form.add_error("kbo_nummer", str(exc))
        else:
            messages.success(
                request,
                _("%(naam)s mag nu via de API in naam van uw organisatie werken voor individueel maatwerk.")
                % {"naam": mandaat.secretariaat.naam},
            )
            return redirect("loket:toegang")
    # The page again, with the number as typed and the reason at the field.
    return toegang(request, mandaat_form=form)


@verantwoordelijke_vereist
@require_POST
def mandaat_intrekken(request, pk):
    mandaat = get_object_or_404(
        Mandaat.objects.select_related("secretariaat"),
        pk=pk,
        organisatie=request.organisatie,
        maatregel=Maatregel.IMW,
    )
    toegangsbeheer.trek_mandaat_in(mandaat, request.user)
    messages.success(
        request, _("Het mandaat van %(naam)s is ingetrokken.") % {"naam": mandaat.secretariaat.naam}
    )
    return redirect("loket:toegang")


@verantwoordelijke_vereist
@require_POST
def toegang_intrekken(request, pk):
    toegang = get_object_or_404(
        Toegang.objects.select_related("gebruiker"),
        pk=pk,
        organisatie=request.organisatie,
        maatregel=Maatregel.IMW,
    )
    try:
        toegangsbeheer.trek_toegang_in(toegang, request.user)
    except toegangsbeheer.ToegangGeweigerd as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("De toegang van %(naam)s is ingetrokken.")
            % {"naam": toegang.gebruiker.get_full_name() or toegang.gebruiker.username},
        )
    return redirect("loket:toegang")


@verantwoordelijke_vereist
@require_POST
def uitnodiging_intrekken(request, pk):
    uitnodiging = get_object_or_404(
        Uitnodiging, pk=pk, organisatie=request.organisatie, maatregel=Maatregel.IMW
    )
    try:
        toegangsbeheer.trek_uitnodiging_in(uitnodiging, request.user)
    except toegangsbeheer.ToegangGeweigerd as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("De uitnodiging voor %(email)s is ingetrokken.") % {"email": uitnodiging.email}
        )
    return redirect("loket:toegang")


@login_required
@require_http_methods(["GET", "POST"])
def uitnodiging(request, token):
    """Accept an invitation (the link in the e-mail). GET shows it; only POST grants access."""
    uitnodiging = (
        Uitnodiging.objects.select_related("organisatie", "uitgenodigd_door").filter(token=token).first()
    )
    if uitnodiging is None:
        return render(
            request,
            "loket/uitnodiging.html",
            {"probleem": _("Deze uitnodiging bestaat niet. Controleer de link in uw e-mail.")},
            status=404,
        )
    probleem = toegangsbeheer.uitnodiging_probleem(uitnodiging, gebruiker=request.user)
    if probleem is None and request.method == "POST":
        try:
            toegang = toegangsbeheer.aanvaard_uitnodiging(uitnodiging, request.user)
        except toegangsbeheer.ToegangGeweigerd as exc:
            probleem = str(exc)
        else:
            request.session[SESSION_KEY_ORGANISATIE] = toegang.organisatie_id
            messages.success(
                request,
                _("U hebt nu toegang tot %(naam)s voor %(maatregel)s. U werkt in naam van deze organisatie.")
                % {"naam": toegang.organisatie.naam, "maatregel": toegang.get_maatregel_display()},
            )
            return redirect("loket:dashboard")
    email_onbevestigd = probleem is not None and not emailbevestiging.is_bevestigd(request.user)
    return render(
        request,
        "loket/uitnodiging.html",
        {
            "uitnodiging": uitnodiging,
            "probleem": probleem,
            "email_onbevestigd": email_onbevestigd,
            "melding": emailbevestiging.onbevestigd_melding(request.user) if email_onbevestigd else "",
        },
        status=410 if probleem else 200,
    )
