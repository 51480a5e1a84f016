"""The statistics page: comments per day by decision, the mistakes moderators found, and the
filter's precision over time, drawn as inline SVG."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from rejoinder.domain import Decision
from rejoinder.services.statistics import StatisticsService
from rejoinder.web.admin import charts
from rejoinder.web.admin.forms import optional_int
from rejoinder.web.admin.security import AdminRoute, Session, services_of
from rejoinder.web.admin.templating import render

router = APIRouter(route_class=AdminRoute)

DECISION_SERIES = (
    (Decision.HAM, "published (ham)", "c-ham"),
    (Decision.PENDING, "held for review", "c-pending"),
    (Decision.SPAM, "spam", "c-spam"),
    (Decision.DISCARD, "discarded (blatant)", "c-discard"),
)


@router.get("/admin/stats")
async def stats_page(request: Request, session: Session) -> Response:
    services = services_of(request)
    site_id = optional_int(request.query_params.get("site", ""), "site")
    days = optional_int(request.query_params.get("days", ""), "days") or 30
    stats = await StatisticsService(services.store).daily(site_id, min(days, 366))
    labels = [d.day for d in stats.days]
    per_day = charts.stacked_bars(
        "Comments checked per day, by decision",
        labels,
        [
            charts.Series(name, css, [d.by_decision.get(dec, 0) for d in stats.days])
            for dec, name, css in DECISION_SERIES
        ],
    )
    mistakes = charts.stacked_bars(
        "Mistakes found by moderators",
        labels,
        [
            charts.Series(
                "false positives (approved after being held)", "c-fp", [d.false_positives for d in stats.days]
            ),
            charts.Series(
                "missed spam (marked after being published)", "c-missed", [d.missed_spam for d in stats.days]
            ),
        ],
    )
    precision = charts.line(
        "Precision of the filter",
        labels,
        [charts.Series("precision", "c-precision", [d.precision for d in stats.days])],
    )
    context = {
        "stats": stats,
        "charts": [per_day, mistakes, precision],
        "sites": await services.store.list_sites(),
        "site_id": site_id,
        "days": len(stats.days),
    }
    return render(request, "stats.html", context)
