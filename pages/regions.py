"""地区下钻: from the country down to one site or account, one level at a time."""

import streamlit as st

from dashboard import auth, labels, regions, store
from dashboard.downloads import PageDownloads
from dashboard.filters import period_name, sidebar_filters
from data_access.targets import get_target
from data_access.units import get_unit
from pages import run_the_router


def render() -> None:
    """The breadcrumb, then the region's children, units and failing targets, or one unit, or one target."""
    scope = auth.scope()
    filters, region = sidebar_filters(scope, drill=True)
    region_name = region.name if region else labels.NATIONAL

    if filters.period is None:
        st.title(labels.OVERVIEW_NO_PERIOD.format(region=region_name))
        st.info(labels.MSG_NO_DATA.format(region=region_name))
        return

    target = store.run(get_target, scope=scope, target_id=filters.target) if filters.target else None
    unit_id = filters.unit if filters.unit is not None else (target.unit_id if target else None)
    unit = store.run(get_unit, scope=scope, unit_id=unit_id) if unit_id is not None else None

    tail = []
    if unit is not None and region is not None:
        tail.append((filters.with_unit(unit.id, unit.region_code), unit.name))
    if target is not None:
        tail.append((filters, target.name))
    trail = regions.breadcrumb(scope, filters, region, tail)
    downloads = PageDownloads(labels.PAGE_REGIONS, regions.context(filters, trail))

    if target is not None:
        regions.target_view(scope, target, downloads)
    elif unit is not None and region is not None:
        regions.unit_view(scope, filters, region, unit, downloads)
    else:
        st.title(f"{region_name} · {period_name(scope, filters)}")
        regions.children(scope, filters, region, downloads)
        regions.units(scope, filters, region, downloads)
        regions.failing(scope, filters, downloads)
    downloads.workbook(key="regions_workbook")


if __name__ == "__main__":  # run as a script by Streamlit's pages/ discovery, not by the router
    run_the_router()
