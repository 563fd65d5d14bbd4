"""Labels and messages in Vietnamese and English: the catalogue behind ``--lang``.

A `Finding` carries an English sentence and the facts it is made of
(``params``).  `localize` renders the finding in the language asked for from a
template per code, so reports read naturally in Vietnamese; codes with no
template (a host's own local rules, say) keep their English sentence.

>>> from partyreview import Finding, Severity
>>> f = Finding("cadence.regular.missing", Severity.ERROR, "Cell C1 held no regular meeting in 03/2025.", "",
...             params={"cell": "C1", "month": 3, "year": 2025})
>>> localize(f, "vi")
'Chi bộ C1 không sinh hoạt thường kỳ trong tháng 03/2025.'
>>> localize(f, "en")
'Cell C1 held no regular meeting in 03/2025.'
>>> format_date(dt.date(2025, 1, 14), "vi"), format_date(dt.date(2025, 1, 14), "vi", long=True)
('14/01/2025', 'ngày 14 tháng 01 năm 2025')
"""

from __future__ import annotations

import contextlib
import datetime as dt
import string
from collections.abc import Mapping
from decimal import Decimal
from typing import Final, Literal, TypeAlias, get_args

from ._findings import Finding, FindingParam
from .errors import InvalidArgumentError

__all__ = ["LANGUAGES", "Language", "format_date", "label", "localize", "vietnamese_messages"]

Language: TypeAlias = Literal["vi", "en"]
"""A language of labels and messages: ``"vi"`` (Vietnamese) or ``"en"`` (English)."""

LANGUAGES: Final[tuple[Language, ...]] = get_args(Language)
"""Every supported language, Vietnamese first."""

# Parameter values that are enum values (levels, kinds, …) are shown in words.
_VALUE_WORDS: Final[Mapping[str, Mapping[Language, str]]] = {
    "excellent": {"vi": "hoàn thành xuất sắc nhiệm vụ", "en": "excellent"},
    "good": {"vi": "hoàn thành tốt nhiệm vụ", "en": "good"},
    "complete": {"vi": "hoàn thành nhiệm vụ", "en": "complete"},
    "not_complete": {"vi": "không hoàn thành nhiệm vụ", "en": "not complete"},
    "regular": {"vi": "sinh hoạt thường kỳ", "en": "regular meeting"},
    "thematic": {"vi": "sinh hoạt chuyên đề", "en": "thematic meeting"},
    "combined": {"vi": "sinh hoạt thường kỳ kết hợp chuyên đề", "en": "combined session"},
    "tasks_done": {"vi": "hoàn thành 100 % nhiệm vụ", "en": "100 % of tasks done"},
    "on_time": {"vi": "các nhiệm vụ đều bảo đảm tiến độ", "en": "all tasks on time"},
    "behind_max": {"vi": "không quá {threshold} nhiệm vụ chậm tiến độ", "en": "≤ {threshold} of tasks behind"},
    "exceeded_min": {"vi": "ít nhất {threshold} nhiệm vụ vượt mức", "en": "≥ {threshold} of tasks exceeded"},
    "leadership_clean": {
        "vi": "không có cá nhân trong cấp ủy, tập thể lãnh đạo bị kỷ luật",
        "en": "no member of its leadership disciplined",
    },
    "degradation": {"vi": "suy thoái", "en": "degradation"},
    "tasks_not_done": {"vi": "không hoàn thành nhiệm vụ được giao", "en": "tasks not done"},
    "disciplined": {"vi": "bị kỷ luật", "en": "disciplined"},
    "prior_fixed": {
        "vi": "khắc phục 100 % hạn chế, khuyết điểm đã chỉ ra",
        "en": "100 % of prior shortcomings remedied",
    },
}
_WORD_PARAMS: Final = frozenset(
    {"level", "lower", "before", "after", "cell_level", "ceiling", "kind", "condition", "proposed", "case"}
)

_VI: Final[Mapping[str, str]] = {
    # -- cadence, C3 --
    "cadence.regular.missing": "Chi bộ {cell} không sinh hoạt thường kỳ trong tháng {month:02d}/{year}.",
    "cadence.regular.made_up": "Chi bộ {cell}: buổi {meeting} bù cho tháng {month:02d}/{year} không sinh hoạt.",
    "cadence.regular.extra": (
        "Chi bộ {cell}: {count} buổi sinh hoạt thường kỳ thêm ({meetings}) không bù được tháng nào đã bỏ."
    ),
    "cadence.thematic.missing": "Chi bộ {cell} không sinh hoạt chuyên đề đủ {required} lần trong quý {quarter}/{year}.",
    "cadence.thematic.made_up": "Chi bộ {cell}: buổi chuyên đề {meeting} bù cho quý {quarter}/{year}.",
    "cadence.hcm.missing": (
        "Chi bộ {cell} không có buổi sinh hoạt chuyên đề về học tập và làm theo tư tưởng, đạo đức, "
        "phong cách Hồ Chí Minh (nhãn {tag!r}) trong năm {year}."
    ),
    "cadence.duration.short": "Buổi {meeting} ({kind}, {date}) kéo dài {minutes} phút; tối thiểu {minimum} phút.",
    "cadence.minutes.missing": "Buổi {meeting} ({date}) không có biên bản.",
    # -- rating, C6 --
    "rating.band": (
        "{subject}: {score} điểm, thuộc khung mức {level} (≥ {excellent_min} / ≥ {good_min} / ≥ {complete_min} điểm)."
    ),
    "rating.unrated": "{subject}: chưa có điểm hoặc mức đề xuất để xếp loại.",
    "rating.score.missing": "{subject}: không có điểm; lấy mức tự đề xuất: {level}.",
    "rating.proposed": "{subject}: mức đề xuất: {level}.",
    "rating.not_assessed": "{subject}: không có bản đánh giá của năm.",
    "rating.condition.met": "{subject}: đạt các điều kiện của mức {level}.",
    "rating.condition.failed": "{subject}: mức {level} cần {condition} (thực tế: {fact}); hạ xuống {lower}.",
    "rating.condition.not_evidenced": "{subject}: mức {level} cần {condition} (chưa có số liệu); hạ xuống {lower}.",
    "rating.case.degradation": "{subject}: bị kết luận suy thoái; xếp loại không hoàn thành nhiệm vụ.",
    "rating.case.tasks_not_done": (
        "{subject}: không hoàn thành quá {threshold} nhiệm vụ (hoàn thành {done}); xếp loại không hoàn thành nhiệm vụ."
    ),
    "rating.case.disciplined": "{subject}: bị kỷ luật trong năm; xếp loại không hoàn thành nhiệm vụ.",
    "rating.case.mitigated": "{subject}: có trường hợp {case} nhưng được xem xét (tự phát hiện, khắc phục hoặc bất khả kháng).",
    "rating.excluded.exempt": "{subject}: không xếp loại (được miễn công tác và sinh hoạt đảng).",
    "rating.excluded.suspended": "{subject}: không xếp loại (bị đình chỉ sinh hoạt đảng).",
    "rating.excluded.new_member": "{subject}: không xếp loại (đảng viên mới kết nạp chưa đủ {months} tháng).",
    "rating.cell.members": (
        "{cell}: trong {rated} đảng viên được xếp loại, {all_complete} và {good_share} từ mức hoàn thành tốt "
        "nhiệm vụ trở lên; chi bộ tối đa đạt mức {ceiling}."
    ),
    "quota.demoted": (
        "{subject}: nhóm {group} chỉ được {allowed}/{candidates} đề nghị hoàn thành xuất sắc nhiệm vụ "
        "(tỷ lệ {ratio} số hoàn thành tốt nhiệm vụ); hạ xuống hoàn thành tốt nhiệm vụ."
    ),
    "quota.tie_unfilled": (
        "Nhóm {group}: {unfilled}/{allowed} suất hoàn thành xuất sắc nhiệm vụ để trống vì {tied} bằng nhau "
        "tại ngưỡng cắt; không chọn tùy ý giữa những người ngang nhau."
    ),
    "rating.condition.remediation_from_reviews": (
        "{subject}: bản đánh giá không nêu việc khắc phục hạn chế, khuyết điểm; kiểm điểm năm {review_year} "
        "({reviews}) cho thấy đã khắc phục {remedied}/{total} tính đến {as_of}."
    ),
    "local.secretary_above_cell": (
        "{subject}: bí thư chi bộ {cell} (chi bộ xếp loại {cell_level}); hạ từ {level} xuống {cell_level}."
    ),
    # -- participation and formalism, C5 --
    "participation.meeting.below_bar": (
        "Buổi {meeting} của chi bộ {cell} ngày {date} không đạt chuẩn: {present}/{base} đảng viên dự ({rate}), "
        "{unexcused} vắng không lý do; chuẩn là trên {bar} dự họp và không ai vắng không lý do."
    ),
    "participation.meeting.only_chair_spoke": "Buổi {meeting} của chi bộ {cell} ngày {date}: chỉ chủ trì ({chair}) phát biểu.",
    "participation.member.excused_run": (
        "Đảng viên {member} (chi bộ {cell}) vắng có lý do {run} buổi liên tiếp trong năm {year}; "
        "quá {limit} buổi liên tiếp là không đạt yêu cầu."
    ),
    "participation.member.removal_review": (
        "Đảng viên {member} (chi bộ {cell}) vắng sinh hoạt thường kỳ không lý do trong {count} tháng của năm {year} "
        "(tháng {months}); từ {limit} tháng trở lên, chi bộ xem xét xóa tên."
    ),
    "participation.committee.removal_review": (
        "Đảng viên {member} vắng sinh hoạt thường kỳ không lý do trong {count} tháng của năm {year} "
        "(tháng {months}) ở các chi bộ {cells}; từ {limit} tháng trở lên, xem xét xóa tên."
    ),
    "participation.cell.never_spoke": (
        "Chi bộ {cell}: {count} đảng viên dự họp nhưng không phát biểu lần nào trong năm {year} ({members}); "
        "{new} đảng viên mới, {non_leadership} không giữ chức vụ lãnh đạo."
    ),
    "formalism.secretary_only_speaker": (
        "Chi bộ {cell}: chỉ chủ trì phát biểu ở {only_chair}/{meetings} buổi sinh hoạt năm {year}, quá {share} số buổi."
    ),
    "formalism.few_speakers": (
        "Chi bộ {cell}: {speakers} lượt phát biểu trên {present} lượt dự họp năm {year} ({rate}); "
        "dưới {share} người dự họp phát biểu ({meetings_below}/{meetings} buổi)."
    ),
    "formalism.thematic_no_presenter": (
        "Chi bộ {cell}: chuyên đề quý {quarter}/{year} ({meetings}) không phân công ai ngoài bí thư chuẩn bị, trình bày."
    ),
    "formalism.egalitarian_rating": "Chi bộ {cell}: cả {rated} đảng viên được xếp loại đều cùng mức {level}.",
    # -- remediation, C7 --
    "remediation.overdue": (
        "{subject}: biện pháp “{action}” (kiểm điểm {review}) hạn {due}, đến {as_of} chưa thực hiện xong "
        "(quá hạn {days} ngày)."
    ),
    "remediation.no_remedy": (
        "{subject}: hạn chế “{shortcoming}” (kiểm điểm {review}) chưa có biện pháp khắc phục; coi như chưa khắc phục."
    ),
}

_LABELS: Final[Mapping[str, Mapping[Language, str]]] = {
    "report.title": {"vi": "Báo cáo kiểm điểm, đánh giá chi bộ năm {year}", "en": "Annual cell review report {year}"},
    "report.committee": {"vi": "Đảng bộ", "en": "Committee"},
    "report.as_of": {"vi": "Số liệu tính đến", "en": "As of"},
    "report.rulesets": {"vi": "Bộ quy tắc áp dụng", "en": "Rule sets applied"},
    "report.summary": {"vi": "Tổng hợp", "en": "Summary"},
    "section.cadence": {"vi": "Sinh hoạt chi bộ theo tháng", "en": "Cell meetings by month"},
    "section.attendance": {"vi": "Tỷ lệ dự họp theo tháng", "en": "Attendance over the months"},
    "section.participation": {"vi": "Dự họp và phát biểu", "en": "Attendance and participation"},
    "section.ratings": {"vi": "Xếp loại chất lượng", "en": "Quality ratings"},
    "section.distribution": {"vi": "Kết quả xếp loại theo đơn vị", "en": "Rating distribution per unit"},
    "section.quota": {"vi": "Tỷ lệ hoàn thành xuất sắc nhiệm vụ", "en": "Quota on excellent"},
    "section.actions": {"vi": "Việc cần xử lý", "en": "Needs action"},
    "section.removal": {"vi": "Đảng viên cần xem xét xóa tên", "en": "Members to consider for removal"},
    "section.overdue": {"vi": "Biện pháp khắc phục quá hạn", "en": "Overdue remedies"},
    "section.demotions": {"vi": "Hạ mức do tỷ lệ", "en": "Demoted by the quota"},
    "section.remediation": {"vi": "Khắc phục hạn chế, khuyết điểm", "en": "Remediation of shortcomings"},
    "section.findings": {"vi": "Phát hiện", "en": "Findings"},
    "section.what_if": {"vi": "Xếp loại thử theo {ruleset}", "en": "What-if under {ruleset}"},
    "col.cell": {"vi": "Chi bộ", "en": "Cell"},
    "col.unit": {"vi": "Đơn vị", "en": "Unit"},
    "col.member": {"vi": "Đảng viên", "en": "Member"},
    "col.months": {"vi": "Tháng", "en": "Months"},
    "col.quarters": {"vi": "Quý", "en": "Quarters"},
    "col.compliant": {"vi": "Đạt", "en": "OK"},
    "col.attendance": {"vi": "Dự họp", "en": "Attendance"},
    "col.speaking": {"vi": "Phát biểu", "en": "Speaking"},
    "col.meeting_bar": {"vi": "Buổi đạt chuẩn", "en": "Meetings at bar"},
    "col.unexcused_months": {"vi": "Tháng vắng không lý do", "en": "Months absent unexcused"},
    "col.review": {"vi": "Kiểm điểm", "en": "Review"},
    "col.subject": {"vi": "Đối tượng", "en": "Subject"},
    "col.remedied": {"vi": "Đã khắc phục", "en": "Remedied"},
    "col.action": {"vi": "Biện pháp", "en": "Action"},
    "col.owner": {"vi": "Người thực hiện", "en": "Owner"},
    "col.due": {"vi": "Hạn", "en": "Due"},
    "col.group": {"vi": "Nhóm", "en": "Group"},
    "col.score": {"vi": "Điểm", "en": "Score"},
    "col.ratio": {"vi": "Tỷ lệ", "en": "Ratio"},
    "col.good": {"vi": "Tốt", "en": "Good"},
    "col.allowed": {"vi": "Được phép", "en": "Allowed"},
    "col.candidates": {"vi": "Đề nghị", "en": "Candidates"},
    "col.demoted": {"vi": "Bị hạ", "en": "Demoted"},
    "col.code": {"vi": "Mã", "en": "Code"},
    "col.message": {"vi": "Nội dung", "en": "Message"},
    "col.citation": {"vi": "Căn cứ", "en": "Clause"},
    "col.before": {"vi": "Trước", "en": "Before"},
    "col.after": {"vi": "Sau", "en": "After"},
    "stat.cells": {"vi": "Số chi bộ", "en": "Cells"},
    "stat.compliant": {"vi": "Chi bộ sinh hoạt đủ", "en": "Cells meeting the cadence"},
    "stat.members_rated": {"vi": "Đảng viên được xếp loại", "en": "Members rated"},
    "stat.excluded": {"vi": "Không xếp loại", "en": "Not rated (excluded)"},
    "stat.unrated": {"vi": "Chưa có mức", "en": "Without a level"},
    "stat.attendance": {"vi": "Tỷ lệ dự họp", "en": "Attendance rate"},
    "stat.speaking": {"vi": "Tỷ lệ phát biểu", "en": "Speaking rate"},
    "stat.open": {"vi": "Đang thực hiện", "en": "Open"},
    "stat.overdue": {"vi": "Quá hạn", "en": "Overdue"},
    "stat.done": {"vi": "Đã xong", "en": "Done"},
    "legend.held": {"vi": "có sinh hoạt", "en": "held"},
    "legend.missing": {"vi": "không sinh hoạt", "en": "missing"},
    "legend.inactive": {"vi": "chi bộ chưa/không hoạt động", "en": "cell not active"},
    "level.excellent": {"vi": "Hoàn thành xuất sắc nhiệm vụ", "en": "Excellent"},
    "level.good": {"vi": "Hoàn thành tốt nhiệm vụ", "en": "Good"},
    "level.complete": {"vi": "Hoàn thành nhiệm vụ", "en": "Complete"},
    "level.not_complete": {"vi": "Không hoàn thành nhiệm vụ", "en": "Not complete"},
    "level.none": {"vi": "Không xếp loại", "en": "Not rated"},
    "plan.title": {
        "vi": "Kế hoạch sinh hoạt năm {year}{of_cell}: quy tắc {rule}, bộ quy tắc sinh hoạt {ruleset}",
        "en": "Meeting plan {year}{of_cell}: rule {rule}, cadence rules {ruleset}",
    },
    "plan.of_cell": {"vi": " của chi bộ {cell}", "en": " for cell {cell}"},
    "plan.regular": {"vi": "thường kỳ", "en": "regular"},
    "plan.thematic": {"vi": "chuyên đề", "en": "thematic"},
    "plan.combined": {"vi": "thường kỳ+chuyên đề", "en": "regular+thematic"},
    "plan.minutes": {"vi": "phút", "en": "min"},
    "plan.moved": {"vi": "dời từ {date} {weekday}: {reason}", "en": "moved from {date} {weekday}: {reason}"},
    "plan.weekdays": {"vi": "T2 T3 T4 T5 T6 T7 CN", "en": "Mon Tue Wed Thu Fri Sat Sun"},
    "plan.inactive": {"vi": "chi bộ không hoạt động ngày đó", "en": "the cell is not active on that day"},
    "plan.taken": {"vi": "ngày đó đã có buổi sinh hoạt khác", "en": "another session is planned that day"},
    "plan.holiday": {"vi": "ngày nghỉ", "en": "holiday"},
    "plan.summary": {
        "vi": "{sessions} buổi: {regular} thường kỳ ({combined} kết hợp chuyên đề), {alone} chuyên đề riêng; "
        "{moved} buổi dời ngày",
        "en": "{sessions} sessions: {regular} regular ({combined} combined with a thematic meeting), "
        "{alone} thematic on their own; {moved} moved",
    },
    "yes": {"vi": "có", "en": "yes"},
    "no": {"vi": "không", "en": "no"},
    "none": {"vi": "không có", "en": "none"},
    "severity.error": {"vi": "lỗi", "en": "error"},
    "severity.warning": {"vi": "cảnh báo", "en": "warning"},
    "severity.info": {"vi": "thông tin", "en": "info"},
}


def _check_language(lang: str) -> Language:
    if lang not in LANGUAGES:
        raise InvalidArgumentError(f"lang: expected one of {', '.join(LANGUAGES)}, got {lang!r}")
    return lang


def label(key: str, lang: str = "vi", **values: object) -> str:
    """The label ``key`` (e.g. ``"section.ratings"``) in ``lang``, with ``values`` filled in.

    >>> label("report.title", "en", year=2025)
    'Annual cell review report 2025'

    Raises:
        InvalidArgumentError: an unknown language.
        KeyError: an unknown label.
    """
    text = _LABELS[key][_check_language(lang)]
    return text.format(**values) if values else text


def vietnamese_messages() -> Mapping[str, str]:
    """The Vietnamese template of every code that has one (``{name}`` placeholders name the finding's params)."""
    return _VI


_DATE_PARAMS: Final = frozenset({"date", "due", "as_of", "reference_day", "done_on"})
_SHARE_PARAMS: Final = frozenset({"rate", "bar", "share", "ratio"})
_DECIMAL_PARAMS: Final = frozenset({"score", "excellent_min", "good_min", "complete_min", "threshold", "fact", "done"})


def _shown(name: str, value: FindingParam, lang: Language) -> FindingParam:
    """A parameter as it reads in ``lang``: enum values in words, ISO dates and shares as people write them."""
    shown: FindingParam = value
    if isinstance(value, str):
        if name in _WORD_PARAMS and value in _VALUE_WORDS:
            shown = _VALUE_WORDS[value][lang]
        elif name in _DATE_PARAMS:
            with contextlib.suppress(ValueError):
                shown = format_date(dt.date.fromisoformat(value), lang)
        elif name in _SHARE_PARAMS:
            with contextlib.suppress(ArithmeticError):
                shown = percent(Decimal(value), lang, trim=True)
        elif name in _DECIMAL_PARAMS and lang == "vi":
            shown = value.replace(".", ",")
    elif name == "all_complete":
        shown = _ALL_COMPLETE[lang][bool(value)]
    return shown


_ALL_COMPLETE: Final[Mapping[Language, tuple[str, str]]] = {
    "vi": ("không phải tất cả đạt mức hoàn thành nhiệm vụ trở lên", "tất cả đạt mức hoàn thành nhiệm vụ trở lên"),
    "en": ("not all at complete or above", "all at complete or above"),
}


def percent(share: Decimal, lang: str = "vi", *, trim: bool = False) -> str:
    """A share as a percentage with one decimal, ``91,5 %`` in Vietnamese, ``91.5 %`` in English.

    ``trim`` drops a zero decimal (``85 %``).

    >>> percent(Decimal("0.915")), percent(Decimal("0.915"), "en"), percent(Decimal("0.85"), trim=True)
    ('91,5 %', '91.5 %', '85 %')
    """
    value = (share * 100).quantize(Decimal("0.1"))
    text = format(value.normalize() if trim else value, "f")
    return f"{text.replace('.', ',') if _check_language(lang) == 'vi' else text} %"


def _words(params: tuple[tuple[str, FindingParam], ...], lang: Language) -> dict[str, FindingParam]:
    words = {name: _shown(name, value, lang) for name, value in params}
    if "condition" in words and "threshold" in words:
        words["condition"] = str(words["condition"]).format(threshold=words["threshold"])
    return words


def localize(finding: Finding, lang: str = "vi", *, messages: Mapping[str, str] | None = None) -> str:
    """The finding's message in ``lang``.

    English is the finding's own sentence.  Vietnamese comes from the catalogue
    (`vietnamese_messages`), or from ``messages`` (code → template) for codes a
    host adds; a code without a template, or a template naming a parameter the
    finding lacks, falls back to the English sentence rather than failing.

    Raises:
        InvalidArgumentError: an unknown language.
    """
    language = _check_language(lang)
    if language == "en":
        return finding.message
    template = (messages or {}).get(finding.code) or _VI.get(finding.code)
    if template is None:
        return finding.message
    try:
        return template.format_map(_words(finding.params, language))
    except (KeyError, ValueError, IndexError):
        return finding.message


def template_fields(template: str) -> frozenset[str]:
    """The parameter names a template uses (for tests of the catalogue)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


_ENGLISH_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(day: dt.date, lang: str = "vi", *, long: bool = False) -> str:
    """A date as people write it: ``14/01/2025`` in Vietnamese (``ngày 14 tháng 01 năm 2025`` long), ISO in English.

    Raises:
        InvalidArgumentError: an unknown language.
    """
    if _check_language(lang) == "en":
        return f"{day.day} {_ENGLISH_MONTHS[day.month - 1]} {day.year}" if long else day.isoformat()
    if long:
        return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
