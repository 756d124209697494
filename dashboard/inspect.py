"""Recording a check (/inspect): pick a round and a site or account, tick veto items, add findings, see the
verdict live, save.

The rule is ``data_access.scoring.score`` (through ``scored_checks.verdict_of``), run on every rerun over the
draft; saving is ``data_access.inspections.save_check``, one transaction. The draft of a check lives in the
session between reruns, keyed by round and target, and starts from the saved check when there is one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import auth, labels, store
from dashboard.data_import import import_periods
from dashboard.downloads import PageDownloads
from dashboard.export import Table
from dashboard.filters import Filters, inspect_choice, open_inspect, page_target, selection_key, set_inspect_choice
from dashboard.formatting import plain
from dashboard.tables import given, table_height
from data_access.clock import beijing_texts
from data_access.indicator_sets import default_set_id, indicator_rows, list_sets, load_set
from data_access.inspections import (
    TARGET_SEARCH_CAP,
    InspectionRefused,
    RoundInfo,
    close_round,
    create_round,
    delete_check,
    existing_check,
    find_targets,
    open_rounds,
    recorded_checks,
    round_info,
    round_set_id,
    save_check,
    target_row,
)
from data_access.periods import period_label
from data_access.regions import children, get_region
from data_access.scored_checks import FindingInput, checked_input, verdict_of
from data_access.scoring import IndicatorSet, ScoringError, Verdict

_MESSAGE = "inspect_message"  # ("success" | "error", text) to show on the next run
_ASK = "inspect_ask"  # "close" | "delete": the confirmation waiting
TENTH = Decimal("0.1")


@dataclass
class Draft:
    """A check being recorded: its deductions and bonus findings, veto evidence, and the revision it edits."""

    findings: list[dict[str, Any]] = field(default_factory=list)  # indicator_id, points, note, evidence_url, image
    veto_images: dict[int, tuple[bytes, str]] = field(default_factory=dict)
    revision: int | None = None
    check_id: int | None = None


def _say_pending() -> None:
    found = st.session_state.pop(_MESSAGE, None)
    if found:
        kind, text = found
        (st.success if kind == "success" else st.error)(plain(text))


def _remember(kind: str, text: str) -> None:
    st.session_state[_MESSAGE] = (kind, text)


def user() -> str:
    return auth.account().user_name


# ---------------------------------------------------------------- the round


def _round_names(frame: pd.DataFrame) -> dict[int, str]:
    return {
        int(row["id"]): labels.INSPECT_ROUND_OPTION.format(
            period=row["period_label"] or period_label(row["period"]),
            region=row["region_name"] or labels.NATIONAL,
            issuer=row["issuer"],
        )
        for _, row in frame.iterrows()
    }


def pick_round() -> RoundInfo | None:
    """The round picker (the URL's round first) and the new-round form; the round chosen."""
    scope = auth.scope()
    frame = store.run(open_rounds, scope=scope)
    asked, _ = inspect_choice()
    names = _round_names(frame)
    if asked is not None and asked not in names:
        st.warning(plain(labels.INSPECT_MSG_BAD_ROUND.format(value=asked)))
        set_inspect_choice(None, None)
        asked = None
    chosen: int | None = None
    if names:
        key = "inspect_round"
        st.session_state[key] = asked if asked in names else None

        def changed() -> None:
            set_inspect_choice(st.session_state[key], None)

        chosen = st.selectbox(
            labels.INSPECT_ROUND,
            list(names),
            format_func=names.__getitem__,
            key=key,
            on_change=changed,
            placeholder=labels.INSPECT_ROUND,
        )
    else:
        st.info(labels.INSPECT_NO_ROUNDS)
    _new_round_form(expanded=not names)
    return store.run(round_info, round_id=int(chosen)) if chosen is not None else None


def _new_round_form(*, expanded: bool) -> None:
    scope = auth.scope()
    with st.expander(labels.INSPECT_NEW_ROUND, expanded=expanded), st.form("inspect_new_round"):
        periods = import_periods(dt.date.today())
        period = st.selectbox(labels.INSPECT_NEW_PERIOD, periods, format_func=period_label, key="inspect_new_period")
        own = store.run(get_region, code=scope.region_code) if scope.region_code else None
        under = store.run(children, scope=scope, parent_code=scope.region_code)
        places: dict[str, str] = {own.code: own.name} if own else {"": labels.NATIONAL}
        places.update(zip(under["code"], under["name"], strict=True))
        region = st.selectbox(labels.INSPECT_NEW_REGION, list(places), format_func=places.__getitem__)
        chosen_sets = {}
        for kind, title in (("site", labels.INSPECT_SITE_SET), ("account", labels.INSPECT_ACCOUNT_SET)):
            sets = store.run(list_sets, scope=scope, kind=kind)
            sets = sets[sets["active"].astype(bool)]
            options = {
                int(row["id"]): labels.INSPECT_SET_OPTION.format(name=row["name"], version=int(row["version"]))
                for _, row in sets.iterrows()
            }
            default = store.run(default_set_id, kind=kind, region_code=region or None)
            ids = list(options)
            chosen_sets[kind] = st.selectbox(
                title,
                ids,
                index=ids.index(default) if default in ids else (0 if ids else None),
                format_func=options.__getitem__,
                key=f"inspect_new_set_{kind}",
            )
        if st.form_submit_button(labels.INSPECT_CREATE):
            try:
                with store.engine().begin() as conn:
                    round_id = create_round(
                        conn,
                        period=str(period),
                        region_code=region or None,
                        site_set_id=chosen_sets["site"],
                        account_set_id=chosen_sets["account"],
                        user=user(),
                        scope=scope,
                    )
            except InspectionRefused as refused:
                st.error(plain(str(refused)))
                return
            name = f"{places[region]} {period_label(str(period))}"
            _remember("success", labels.INSPECT_CREATED.format(name=name))
            open_inspect(round_id, None)


def round_header(info: RoundInfo) -> None:
    """Which sets the round scores by, and closing it (asked once more before it is done)."""
    names = {}
    for kind in ("site", "account"):
        set_id = store.run(round_set_id, round_id=info.id, kind=kind)
        found = store.run(load_set, set_id=set_id) if set_id is not None else None
        names[kind] = (
            labels.INSPECT_SET_OPTION.format(name=found.name, version=found.version)
            if found
            else labels.INSPECT_SET_NONE
        )
    st.caption(plain(labels.INSPECT_SETS_USED.format(site=names["site"], account=names["account"])))
    if st.button(labels.INSPECT_CLOSE, help=labels.INSPECT_CLOSE_HELP, key="inspect_close"):
        st.session_state[_ASK] = ("close", info.id)
    if st.session_state.get(_ASK) != ("close", info.id):
        return
    st.warning(plain(labels.INSPECT_CLOSE_CONFIRM.format(name=info.name)))
    yes, no = st.columns(2)
    if yes.button(labels.INSPECT_CLOSE_YES, type="primary", key="inspect_close_yes"):
        st.session_state.pop(_ASK, None)
        try:
            with store.engine().begin() as conn:
                close_round(conn, round_id=info.id, user=user(), scope=auth.scope())
        except InspectionRefused as refused:
            _remember("error", str(refused))
        else:
            _remember("success", labels.INSPECT_CLOSED.format(name=info.name))
        open_inspect(None, None)
    if no.button(labels.INSPECT_CANCEL, key="inspect_close_no"):
        st.session_state.pop(_ASK, None)
        st.rerun()


# ---------------------------------------------------------------- the target


def pick_target(info: RoundInfo) -> dict[str, Any] | None:
    """Find a site or account of the round's region by code or name; the one chosen (the URL's first)."""
    scope = auth.scope()
    _, asked = inspect_choice()
    if asked is not None:
        found = store.run(target_row, scope=scope, target_id=asked)
        if found is None or found["kind"] not in ("site", "account"):
            st.warning(plain(labels.INSPECT_MSG_BAD_TARGET.format(value=asked)))
            set_inspect_choice(info.id, None)
        else:
            return found
    kind = st.radio(
        labels.INSPECT_KIND,
        ("site", "account"),
        format_func=labels.TARGET_KIND_SET_LABELS.__getitem__,
        horizontal=True,
        key="inspect_kind",
    )
    text = st.text_input(labels.INSPECT_SEARCH, key="inspect_search", max_chars=40)
    if not text.strip():
        return None
    frame = store.run(find_targets, scope=scope, region=info.scope_region_code, kind=kind, text=text.strip())
    if frame.empty:
        st.info(plain(labels.INSPECT_SEARCH_NONE.format(text=text.strip())))
        return None
    if len(frame) >= TARGET_SEARCH_CAP:
        st.caption(labels.INSPECT_SEARCH_CAPPED.format(cap=TARGET_SEARCH_CAP))
    options = {
        int(row["id"]): labels.INSPECT_TARGET_OPTION.format(
            code=f"{row['code']} " if given(row["code"]) else "",
            name=row["name"],
            unit=row["unit_name"] if given(row["unit_name"]) else labels.PROBLEMS_UNKNOWN_UNIT,
            region=row["region_name"],
        )
        for _, row in frame.iterrows()
    }
    picked = st.selectbox(
        labels.INSPECT_PICK, list(options), index=None, format_func=options.__getitem__, key="inspect_pick"
    )
    if picked is None:
        return None
    open_inspect(info.id, int(picked))
    return None


def target_facts(target: dict[str, Any]) -> None:
    st.text(
        labels.INSPECT_TARGET_FACTS.format(
            kind=labels.TARGET_KIND_SET_LABELS[target["kind"]],
            name=target["name"],
            code=target["code"] or labels.NONE_TEXT,
            unit=target["unit_name"] or labels.PROBLEMS_UNKNOWN_UNIT,
            url=target["url"] or labels.NONE_TEXT,
        )
    )


# ---------------------------------------------------------------- the draft


def _draft_key(info: RoundInfo, target: dict[str, Any]) -> str:
    return f"inspect_draft_{info.id}_{target['id']}"


def _widget(info: RoundInfo, target: dict[str, Any], name: str) -> str:
    return f"inspect_{name}_{info.id}_{target['id']}"


def load_draft(info: RoundInfo, target: dict[str, Any], before: dict[str, Any] | None) -> Draft:
    """The session's draft of this check, started from the saved check (its findings and flags) the first time."""
    key = _draft_key(info, target)
    draft = st.session_state.get(key)
    if isinstance(draft, Draft):
        return draft
    draft = Draft()
    portal, services = target.get("site_kind") == "portal", True
    if before is not None and before["source"]:
        draft.revision, draft.check_id = int(before["revision"]), int(before["id"])
        portal, services = bool(before["portal"]), bool(before["has_services"])
        for item in before["findings"]:
            if item["part"] == "veto":
                st.session_state[_widget(info, target, f"veto_{item['indicator_id']}")] = True
                st.session_state[_widget(info, target, f"veto_note_{item['indicator_id']}")] = item["note"] or ""
                st.session_state[_widget(info, target, f"veto_url_{item['indicator_id']}")] = item["evidence_url"] or ""
                if item["image"]:
                    draft.veto_images[int(item["indicator_id"])] = (bytes(item["image"]), str(item["image_type"]))
            else:
                draft.findings.append(
                    {
                        "indicator_id": int(item["indicator_id"]),
                        "points": Decimal(item["points"]).quantize(TENTH),
                        "note": item["note"],
                        "evidence_url": item["evidence_url"],
                        "image": bytes(item["image"]) if item["image"] else None,
                    }
                )
    st.session_state[_widget(info, target, "portal")] = portal
    st.session_state[_widget(info, target, "services")] = services
    st.session_state[key] = draft
    return draft


def forget_draft(info: RoundInfo, target: dict[str, Any]) -> None:
    prefix = f"_{info.id}_{target['id']}"
    for key in [key for key in st.session_state if str(key).startswith("inspect_") and str(key).endswith(prefix)]:
        del st.session_state[key]


def _image(upload: Any) -> bytes | None:
    return bytes(upload.getvalue()) if upload is not None else None


def veto_section(
    info: RoundInfo, target: dict[str, Any], indicator_set: IndicatorSet, draft: Draft
) -> list[FindingInput]:
    """A checkbox per veto item, with its note, evidence address and screenshot when ticked; the veto findings."""
    st.subheader(labels.INSPECT_VETO_SECTION)
    st.caption(labels.INSPECT_VETO_HELP)
    found = []
    for indicator in indicator_set.part("veto"):
        ident = int(indicator.key)
        ticked = st.checkbox(
            plain(indicator.name),
            key=_widget(info, target, f"veto_{ident}"),
            help="  \n".join(plain(line) for line in indicator.rule.splitlines()),
        )
        if not ticked:
            continue
        with st.container(border=True):
            note = st.text_input(
                labels.INSPECT_NOTE, key=_widget(info, target, f"veto_note_{ident}"), help=labels.INSPECT_NOTE_HELP
            )
            url = st.text_input(labels.INSPECT_EVIDENCE, key=_widget(info, target, f"veto_url_{ident}"))
            upload = st.file_uploader(
                labels.INSPECT_IMAGE,
                key=_widget(info, target, f"veto_img_{ident}"),
            )
            kept = draft.veto_images.get(ident)
            image = _image(upload) or (kept[0] if kept else None)
            if kept and upload is None:
                st.caption(labels.INSPECT_IMAGE_KEPT)
        found.append(FindingInput(ident, None, url, note, image))
    return found


def _cap_text(value: Decimal | None) -> str:
    return f"{value.normalize():f}" if value is not None else ""


def findings_section(
    info: RoundInfo, target: dict[str, Any], indicator_set: IndicatorSet, draft: Draft
) -> list[FindingInput]:
    """The deductions and bonus findings so far (removable), and a form that adds one; the findings."""
    st.subheader(labels.INSPECT_FINDINGS_SECTION)
    choices = [i for i in indicator_set.indicators if i.part != "veto"]
    if not choices:
        return []
    with st.form(_widget(info, target, "add"), clear_on_submit=True):
        st.markdown(f"**{labels.INSPECT_ADD_TITLE}**")
        names = {
            int(i.key): labels.INSPECT_INDICATOR_OPTION.format(
                part=labels.INSPECT_PART_WORDS[i.part], label=i.label, cap=_cap_text(i.cap)
            )
            for i in choices
        }
        indicator = st.selectbox(
            labels.INSPECT_INDICATOR,
            list(names),
            format_func=names.__getitem__,
            key=_widget(info, target, "add_indicator"),
        )
        points = st.number_input(
            labels.INSPECT_POINTS,
            min_value=0.1,
            max_value=100.0,
            value=None,
            step=0.1,
            format="%.1f",
            help=labels.INSPECT_POINTS_HELP,
            key=_widget(info, target, "add_points"),
        )
        note = st.text_area(labels.INSPECT_NOTE, key=_widget(info, target, "add_note"), height=68, max_chars=1000)
        url = st.text_input(labels.INSPECT_EVIDENCE, key=_widget(info, target, "add_url"), max_chars=500)
        upload = st.file_uploader(labels.INSPECT_IMAGE, key=_widget(info, target, "add_image"))
        if st.form_submit_button(labels.INSPECT_ADD):
            if points is None:
                st.error(labels.INSPECT_NEED_POINTS)
            else:
                item = {
                    "indicator_id": int(indicator),
                    "points": Decimal(str(points)).quantize(TENTH, rounding=ROUND_HALF_UP),
                    "note": note.strip() or None,
                    "evidence_url": url.strip() or None,
                    "image": _image(upload),
                }
                try:
                    checked_input(_finding(item))
                except ScoringError as error:
                    st.error(plain(str(error)))
                else:
                    draft.findings.append(item)
    return [_finding(item) for item in draft.findings]


def _finding(item: dict[str, Any]) -> FindingInput:
    return FindingInput(
        int(item["indicator_id"]), item["points"], item.get("evidence_url"), item.get("note"), item.get("image")
    )


def findings_table(
    info: RoundInfo,
    target: dict[str, Any],
    indicator_set: IndicatorSet,
    draft: Draft,
    verdict: Verdict | None,
    offset: int,
) -> None:
    """The findings added so far with what the rule counted of each; one can be removed."""
    if not draft.findings:
        st.caption(labels.INSPECT_NO_FINDINGS)
        return
    rows = []
    for position, item in enumerate(draft.findings):
        indicator = indicator_set.indicator(item["indicator_id"])
        counted = verdict.counted[offset + position] if verdict is not None else None
        rows.append(
            {
                "part": labels.INSPECT_PART_WORDS[indicator.part],
                "indicator": indicator.label,
                "points": float(item["points"]),
                "counted": float(counted) if counted is not None else None,
                "note": item.get("note") or "",
                "evidence_url": item.get("evidence_url") or "",
                "image": labels.INSPECT_HAS_IMAGE if item.get("image") else "",
            }
        )
    frame = pd.DataFrame(rows).rename(columns=labels.INSPECT_FINDING_COLUMNS)
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=table_height(len(frame)),
        key=_widget(info, target, "findings_table"),
        column_config={
            labels.INSPECT_FINDING_COLUMNS["points"]: st.column_config.NumberColumn(format="%.1f"),
            labels.INSPECT_FINDING_COLUMNS["counted"]: st.column_config.NumberColumn(format="%.1f"),
        },
    )
    names = {n: f"{n + 1}. {row['indicator']} {row['points']:.1f}" for n, row in enumerate(rows)}
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    picked = left.selectbox(
        labels.INSPECT_REMOVE_PICK, list(names), format_func=names.__getitem__, key=_widget(info, target, "remove_pick")
    )
    if right.button(labels.INSPECT_REMOVE, key=_widget(info, target, "remove")) and picked is not None:
        del draft.findings[int(picked)]
        st.rerun()


def verdict_section(
    indicator_set: IndicatorSet, findings: list[FindingInput], verdict: Verdict | None, error: str | None
) -> None:
    """The score and verdict as the rule gives them now."""
    st.subheader(labels.INSPECT_VERDICT_SECTION)
    if verdict is None:
        st.error(plain(error or ""))
        return
    result = labels.RESULT_PASSED if verdict.passed else labels.RESULT_FAILED
    columns = st.columns(5)
    columns[0].metric(labels.INSPECT_RESULT, result)
    columns[1].metric(labels.INSPECT_SCORE, _cap_text(verdict.score) if verdict.score is not None else labels.NONE_TEXT)
    columns[2].metric(labels.INSPECT_DEDUCTED, _cap_text(verdict.deducted))
    columns[3].metric(labels.INSPECT_BONUS, _cap_text(verdict.bonus))
    columns[4].metric(labels.INSPECT_BAND, labels.SCORE_BAND_LABELS[verdict.band])
    names = [indicator_set.indicator(item.indicator_id).name for item in findings]
    if verdict.vetoed:
        st.warning(plain(labels.INSPECT_VETOED.format(items="、".join(names[i] for i in verdict.vetoes))))
    if verdict.skipped:
        st.caption(
            plain(labels.INSPECT_SKIPPED.format(items="、".join(dict.fromkeys(names[i] for i in verdict.skipped))))
        )
    if not indicator_set.scored:
        st.caption(labels.INSPECT_NO_SCORE)
    has_bonus = any(indicator_set.indicator(item.indicator_id).part == "bonus" for item in findings)
    if has_bonus and not verdict.vetoed and verdict.bonus == 0:
        st.caption(labels.INSPECT_NO_BONUS.format(threshold=_cap_text(indicator_set.bonus_threshold)))


def rules_table(indicator_set: IndicatorSet) -> None:
    with st.expander(labels.INSPECT_RULES):
        frame = store.run(indicator_rows, set_id=int(indicator_set.key))
        shown = frame.assign(part=frame["part"].map(labels.INDICATOR_PART_LABELS), cap=frame["cap"].map(_cap_value))
        shown = shown[list(labels.INSPECT_RULE_COLUMNS)].rename(columns=labels.INSPECT_RULE_COLUMNS)
        st.dataframe(
            shown, hide_index=True, width="stretch", height=table_height(len(shown), max_rows=12), key="inspect_rules"
        )


def _cap_value(value: Any) -> str:
    return _cap_text(Decimal(value)) if given(value) else ""


# ---------------------------------------------------------------- the check


def check_section(info: RoundInfo, target: dict[str, Any]) -> None:
    """The whole form of one check: flags, veto items, findings, the live verdict, save and delete."""
    scope = auth.scope()
    facts, other = st.columns([5, 1], vertical_alignment="center")
    with facts:
        target_facts(target)
    if other.button(labels.INSPECT_OTHER_TARGET, key="inspect_other_target"):
        open_inspect(info.id, None)
    before = store.run(existing_check, round_id=info.id, target_id=int(target["id"]))
    if before is not None and (before["source"] != "inspect" or before["import_id"] is not None):
        origin = (
            labels.INSPECT_FROM_BATCH.format(batch=before["import_id"])
            if before["import_id"] is not None
            else labels.INSPECT_FROM_NOTICE
        )
        st.info(plain(labels.INSPECT_IMPORTED.format(origin=origin)))
        return
    set_id = (
        int(before["set_id"]) if before is not None else store.run(round_set_id, round_id=info.id, kind=target["kind"])
    )
    if set_id is None:
        st.warning(labels.INSPECT_NO_SET.format(kind=labels.TARGET_KIND_SET_LABELS[target["kind"]]))
        return
    indicator_set = store.run(load_set, set_id=set_id)
    draft = load_draft(info, target, before)
    if draft.revision is not None:
        st.caption(labels.INSPECT_EDITING.format(revision=draft.revision))
    portal = st.checkbox(labels.INSPECT_PORTAL, key=_widget(info, target, "portal"), disabled=target["kind"] != "site")
    services = st.checkbox(labels.INSPECT_SERVICES, key=_widget(info, target, "services"))
    rules_table(indicator_set)
    vetoes = veto_section(info, target, indicator_set, draft)
    others = findings_section(info, target, indicator_set, draft)
    findings = [*vetoes, *others]
    try:
        verdict: Verdict | None = verdict_of(indicator_set, findings, portal=portal, has_services=services)
        error = None
    except ScoringError as refused:
        verdict, error = None, str(refused)
    findings_table(info, target, indicator_set, draft, verdict, len(vetoes))
    verdict_section(indicator_set, findings, verdict, error)
    if st.button(labels.INSPECT_SAVE, type="primary", disabled=verdict is None, key=_widget(info, target, "save")):
        try:
            saved = save_check(
                store.engine(),
                round_id=info.id,
                target_id=int(target["id"]),
                portal=portal,
                has_services=services,
                findings=findings,
                user=user(),
                scope=scope,
                revision=draft.revision,
            )
        except InspectionRefused as refused:
            st.error(plain(str(refused)))
        else:
            result = labels.RESULT_PASSED if saved.verdict.passed else labels.RESULT_FAILED
            if saved.verdict.score is not None:
                result = labels.INSPECT_RESULT_SCORE.format(result=result, score=_cap_text(saved.verdict.score))
            _remember("success", labels.INSPECT_SAVED.format(name=target["name"], result=result))
            forget_draft(info, target)
            st.rerun()
    links(info, target)
    if draft.check_id is not None:
        _delete(info, target, draft.check_id)


def links(info: RoundInfo, target: dict[str, Any]) -> None:
    filters = Filters(info.period, target["region_code"])
    with st.container(horizontal=True, gap="small"):
        st.page_link(page_target("problems"), label=labels.INSPECT_SEE_PROBLEMS, query_params=filters.query_params())
        st.page_link(
            page_target("regions"),
            label=labels.INSPECT_SEE_TARGET,
            query_params=filters.with_target(int(target["id"]), target["region_code"]).query_params(),
        )


def _delete(info: RoundInfo, target: dict[str, Any], check_id: int) -> None:
    if st.button(labels.INSPECT_DELETE, key=_widget(info, target, "delete")):
        st.session_state[_ASK] = ("delete", check_id)
    if st.session_state.get(_ASK) != ("delete", check_id):
        return
    st.warning(plain(labels.INSPECT_DELETE_CONFIRM.format(name=target["name"])))
    yes, no = st.columns(2)
    if yes.button(labels.INSPECT_DELETE_YES, type="primary", key=_widget(info, target, "delete_yes")):
        st.session_state.pop(_ASK, None)
        try:
            delete_check(store.engine(), check_id=check_id, user=user(), scope=auth.scope())
        except InspectionRefused as refused:
            _remember("error", str(refused))
        else:
            _remember("success", labels.INSPECT_DELETED.format(name=target["name"]))
            forget_draft(info, target)
        open_inspect(info.id, None)
    if no.button(labels.INSPECT_CANCEL, key=_widget(info, target, "delete_no")):
        st.session_state.pop(_ASK, None)
        st.rerun()


# ---------------------------------------------------------------- the round's recorded checks


def recorded_section(info: RoundInfo, downloads: PageDownloads) -> None:
    """The checks recorded here in the round; a row opens one for editing."""
    st.subheader(labels.INSPECT_RECORDED)
    frame = store.run(recorded_checks, scope=auth.scope(), round_id=info.id)
    if frame.empty:
        st.caption(labels.INSPECT_RECORDED_NONE)
        return
    st.caption(labels.INSPECT_RECORDED_HELP)
    shown = pd.DataFrame(
        {
            "target_id": frame["target_id"],
            "kind": frame["kind"].map(labels.KIND_LABELS),
            "code": frame["code"].fillna("").astype(str),
            "name": frame["name"],
            "region_name": frame["region_name"],
            "result": [labels.RESULT_PASSED if ok else labels.RESULT_FAILED for ok in frame["passed"]],
            "score": pd.to_numeric(frame["score"], errors="coerce"),
            "band": frame["band"].map(labels.SCORE_BAND_LABELS),
            "findings": frame["findings"].astype(int),
            "recorded_by": frame["recorded_by"].fillna("").astype(str),
            "updated_by": frame["updated_by"].fillna("").astype(str),
            "updated_at": beijing_texts(frame["updated_at"]),
        }
    ).rename(columns=labels.INSPECT_RECORDED_COLUMNS)
    event = st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=table_height(len(shown)),
        column_config={"target_id": None},
        on_select="rerun",
        selection_mode="single-row",
        key=selection_key("inspect_recorded"),
    )
    picked = event.selection.rows if event is not None else []
    if picked:
        open_inspect(info.id, int(shown.iloc[picked[0]]["target_id"]))
    code = labels.INSPECT_RECORDED_COLUMNS["code"]
    downloads.table(
        Table(labels.INSPECT_RECORDED, shown.drop(columns=["target_id"]), text_columns=(code,)),
        key="inspect_recorded_download",
    )


def page(downloads: PageDownloads) -> None:
    """The page's body under its title."""
    _say_pending()
    info = pick_round()
    if info is None:
        return
    round_header(info)
    st.subheader(labels.INSPECT_TARGET_SECTION)
    target = pick_target(info)
    if target is not None:
        check_section(info, target)
    recorded_section(info, downloads)
