"""The pages: one module per url path of dashboard.filters.PAGES, each one ``render()`` that the router registers.

Why a top-level pages/ folder cannot be reached outside the router: until st.navigation first runs in a
server process, Streamlit 1.67 treats a pages/ folder beside the main script as an old-style multipage app
(``PagesManager.uses_pages_directory``, decided when the first session starts) and runs each script run
through ``_mpa_v1``, which executes the pages/*.py file the URL names as a script of its own, with no router
and so no login. A page module therefore runs nothing at import: it only defines ``render()``. Run as a
script (``__name__ == "__main__"``, which only that discovery does; the router imports it as
``pages.<path>``), it runs the router in its place, which calls st.navigation, ends that mode for the
process, and lets the visitor in only after a login, at the page the URL asked for.
"""

import runpy
from pathlib import Path

ROUTER = Path(__file__).resolve().parent.parent / "streamlit_app.py"


def run_the_router() -> None:
    """Run the router in place of a page file that Streamlit ran as a script (its pages/ discovery)."""
    runpy.run_path(str(ROUTER), run_name="__main__")
