"""The app's routers, one per page or concern; `midcourse.web.app.create_app` includes them all."""

from __future__ import annotations

from fastapi import APIRouter

from midcourse.web.routes import (
    api,
    dashboard,
    defenses,
    journal,
    login,
    reminders,
    report,
    sessions,
    settings,
    undo,
    welcome,
)

ROUTERS: list[APIRouter] = [dashboard.router, welcome.router, sessions.router, journal.router, defenses.router,
                            undo.router, report.router, reminders.router, settings.router, login.router,
                            api.router]
