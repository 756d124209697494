"""整改任务: publish a round, the reminders, the period's tasks, and one task answered, confirmed or returned."""

import streamlit as st

from dashboard import auth, labels, problems, tasks
from dashboard.downloads import PageDownloads
from dashboard.filters import problem_filters, reminder_days, sidebar_filters, task_param
from pages import run_the_router


def render() -> None:
    """One task when the URL names one; else reminders, publishing and the period's tasks."""
    account, scope, today = auth.account(), auth.scope(), problems.as_of()
    filters, region = sidebar_filters(scope)
    chosen = problem_filters(scope, filters, region, as_of=today)
    st.title(problems.title(scope, filters, region, labels.TASKS_TITLE, labels.TASKS_NO_PERIOD))
    tasks.say_done()
    downloads = PageDownloads(labels.TASKS_PAGE, problems.context(scope, filters, region, chosen))
    task, bad_value = task_param()
    if task is not None and tasks.task_panel(account, scope, task, today, downloads):
        downloads.workbook(key="tasks_workbook")
        return
    if task is not None or bad_value is not None:
        tasks.unknown_task(task if task is not None else bad_value)
    st.caption(labels.TASKS_INTRO)
    tasks.reminders(scope, region, today, reminder_days(), downloads)
    if filters.period is not None:
        tasks.publish(account, scope, filters, region, today)
        tasks.task_list(scope, filters, region, chosen, today, downloads)
    tasks.batch_hint(account)
    downloads.workbook(key="tasks_workbook")


if __name__ == "__main__":  # run as a script by Streamlit's pages/ discovery, not by the router
    run_the_router()
