"""The statistics page: comments per day by decision, the mistakes moderators found, and the
filter's precision over time, drawn as inline SVG."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from rejoinder.domain import Decision
from rejoinder.i18n.dashboard import dashboard_text, translate
from rejoinder.services.statistics import StatisticsService
from rejoinder.web.admin import charts
from rejoinder.web.admin.forms import optional_int
from rejoinder.web.admin.security import AdminRoute, Session, services_of
from rejoinder.web.admin.templating import language_of, render

router = APIRouter(route_class=AdminRoute)

DECISION_SERIES = (
    (Decision.HAM, dashboard_text("published (ham)"), "c-ham"),
    (Decision.PENDING, dashboard_text("held for review"), "c-pending"),
    (Decision.SPAM, dashboard_text("spam"), "c-spam"),
    (Decision.DISCARD, dashboard_text("discarded (blatant)"), "c-discard"),
)


@router.get("/admin/stats")
async def stats_page(request: Request, session: Session) -> Response:
    services = services_of(request)
    site_id = optional_int(request.query_params.get("site", ""), "site")
    days = optional_int(request.query_params.get("days", ""), "days") or 30
    stats = await StatisticsService(services.store).daily(site_id, min(days, 366))
    labels = [d.day for d in stats.days]
    language = language_of(request)

    def t(text: str) -> str:
        return translate(text, language)

    per_day = charts.stacked_bars(
        t(dashboard_text("Comments checked per day, by decision")),
        labels,
        [
            charts.Series(t(name), css, [d.by_decision.get(dec, 0) for d in stats.days])
            for dec, name, css in DECISION_SERIES
        ],
    )
    mistakes = charts.stacked_bars(
        t(dashboard_text("Mistakes found by moderators")),
        labels,
        [
            charts.Series(
                t(dashboard_text("false positives (approved after being held)")),
                "c-fp",
                [d.false_positives for d in stats.days],
            ),
            charts.Series(
                t(dashboard_text("missed spam (marked after being published)")),
                "c-missed",
                [d.missed_spam for d in stats.days],
            ),
        ],
    )
    precision = charts.line(
        t(dashboard_text("Precision of the filter")),
        labels,
        [charts.Series(t(dashboard_text("precision")), "c-precision", [d.precision for d in stats.days])],
    )
    context = {
        "stats": stats,
        "charts": [per_day, mistakes, precision],
        "sites": await services.store.list_sites(),
        "site_id": site_id,
        "days": len(stats.days),
    }
    return render(request, "stats.html", context)
