"""A submission's page and its result.

The result is rendered by one template, `_result.html`: inside the submission page,
and alone at /submissions/{id}/result, the fragment the problem page's live panel and
the submission page (while the verdict is pending) fetch and show.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from app.deps import DB, CurrentUser, LoggedIn, SubmissionId, get_ctx, own_submission
from app.rejudge import rejudges_of
from app.routes.render import page_router, render
from app.services import submission_dict

router = page_router()


@router.get("/submissions/{submission_id}", response_class=HTMLResponse)
def submission_page(user: LoggedIn, submission_id: SubmissionId, request: Request, db: DB) -> Response:
    sub = own_submission(db, user, submission_id)
    view = get_ctx(request).catalog.get(sub.problem_slug)
    return render(
        request,
        "submission.html",
        sub=submission_dict(sub),
        problem=view,
        details_link=False,
        rejudges=rejudges_of(db, sub.id),
    )


@router.get("/submissions/{submission_id}/result", response_class=HTMLResponse)
def submission_result(
    user: CurrentUser, submission_id: SubmissionId, request: Request, db: DB, details: bool = True
) -> Response:
    """The result alone (an HTML fragment); `details=false` leaves out the link to the
    submission's page (for that page itself)."""
    sub = own_submission(db, user, submission_id)
    response = render(request, "_result.html", sub=submission_dict(sub, with_code=False), details_link=details)
    response.headers["Cache-Control"] = "no-store"
    return response
