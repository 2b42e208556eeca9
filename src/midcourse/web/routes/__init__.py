"""The app's routers, one per page or concern; `midcourse.web.app.create_app` includes them all."""

from __future__ import annotations

from fastapi import APIRouter

from midcourse.web.routes import api, dashboard, defenses, journal, login, report, sessions, settings

ROUTERS: list[APIRouter] = [dashboard.router, sessions.router, journal.router, defenses.router, report.router,
                            settings.router, login.router, api.router]
