"""Deterministic synthetic datasets: a committee's records, with the flaws real records have.

`generate_example` builds one year of a committee's records from a seed alone: the
same arguments give an equal `Dataset` and byte-identical JSON.  ``"small"`` mirrors a
committee from our sources (about 20 grassroots organizations, 295 cells, about 3,400
members); ``"demo"`` is a six-cell committee for the terminal demo.

Both sizes contain, at least once, every imperfection the checks exist for: a missed
month, a quarter without a thematic meeting, a cell without the Ho Chi Minh topic,
short meetings, unexcused absences (one member in three or more months), a run of
more than three excused absences, transfers, exemptions, a suspension, a cell created
and a cell dissolved mid-year, a second regular meeting after a missed month, and a
meeting without minutes; and for participation, a cell where only the chair speaks,
members who never speak, cells where fewer than half of those present speak, and a
cell whose thematic topics only the secretary presents (presenters are recorded in
about half of the cells).  The rates below make the rest look like real records.
"""

from __future__ import annotations

import datetime as dt
import enum
import random
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from typing import Final, Literal, TypeAlias

import attrs

from ._assessments import FIRST_YEAR, LAST_YEAR, Assessment, Level
from ._bundles import BundleHeader, BundleStream, CellBundle, dataset_bundles, split_records
from ._dataset import Dataset
from ._meetings import AttendanceMark, Meeting, MeetingKind
from ._org import Member, Membership, Role, Unit, UnitKind
from ._periods import MONTHS, Period, month_span, quarter_of
from ._reviews import Remedy, Review, Shortcoming
from .errors import InvalidArgumentError

__all__ = ["BundleExampleSize", "ExampleSize", "generate_example", "iter_example_bundles"]

ExampleSize: TypeAlias = Literal["demo", "small"]
"""The sizes `generate_example` knows."""
BundleExampleSize: TypeAlias = Literal["demo", "small", "province", "country"]
"""The sizes `iter_example_bundles` knows: those of `generate_example`, a province and the country."""

# -- realistic rates (shares of cells, months, meetings or members) --------------------

MISSED_MONTH_RATE: Final = 0.015
"""Share of a cell's active months without a regular meeting."""
MAKE_UP_RATE: Final = 0.4
"""Share of missed months followed by a second regular meeting in the next month."""
QUARTER_WITHOUT_THEMATIC_RATE: Final = 0.03
"""Share of a cell's active quarters without a thematic meeting."""
NO_HO_CHI_MINH_TOPIC_RATE: Final = 0.06
"""Share of cells whose thematic meetings never take up the Ho Chi Minh topic."""
COMBINED_SHARES: Final = (0.0, 0.25, 0.5, 0.75, 1.0)
"""A cell's habit of combining the thematic with the regular meeting (drawn per cell)."""
SHORT_MEETING_RATE: Final = 0.04
"""Share of regular and combined meetings shorter than the minimum."""
NO_MINUTES_RATE: Final = 0.01
"""Share of meetings without minutes."""
ONLY_SECRETARY_SPEAKS_RATE: Final = 0.05
"""Share of cells where, meeting after meeting, only the chair speaks."""
CHAIR_SPEAKS_RATE: Final = 0.97
"""Share of meetings where the chair (usually the secretary) speaks."""
TALKATIVENESS: Final = ((0.0, 1), (0.15, 3), (0.35, 4), (0.6, 2))
"""A member's chance to speak at a meeting, with the weight of each habit (0.0: never speaks)."""
PROMPTED_SHARES: Final = (0.0, 0.2, 0.35, 0.5)
"""A cell's habit of drawing members into the discussion: the chance that a member who would
not speak (but sometimes does) is asked to, drawn per cell ("nhiều chi bộ có trên 50% đảng viên
dự sinh hoạt phát biểu ý kiến", many but not all)."""
PRESENTERS_RECORDED_RATE: Final = 0.5
"""Share of cells that record who presents the thematic topic (the others leave it unrecorded)."""
SECRETARY_PRESENTS_RATE: Final = 0.1
"""Share of recorded thematic meetings whose topic only the secretary presents."""
SECOND_PRESENTER_RATE: Final = 0.2
"""Share of recorded thematic meetings with two members presenting."""
EXCUSED_RATES: Final = (0.03, 0.06, 0.12)
"""A rank-and-file member's chance of an excused absence (drawn per member)."""
UNEXCUSED_RATE: Final = 0.01
"""A rank-and-file member's chance of an unexcused absence."""
LEADER_EXCUSED_RATE: Final = 0.03
"""A secretary's, deputy's or committee member's chance of an excused absence."""
EXEMPT_ATTENDS_RATE: Final = 0.2
"""Chance that an exempt member comes to a meeting anyway."""
TRANSFER_RATE: Final = 0.01
"""Share of members moving to another cell mid-year."""
LONG_EXEMPTION_RATE: Final = 0.012
"""Share of members exempt for years (elderly, weak health), still exempt at year end."""
EXEMPTION_SPELL_RATE: Final = 0.008
"""Share of members exempt for a few months of the year (treatment)."""
SUSPENSION_RATE: Final = 0.002
"""Share of members suspended from party activity during the year."""
OPEN_SUSPENSION_RATE: Final = 0.5
"""Share of suspensions still running at year end."""
CHRONIC_ABSENCE_RATE: Final = 0.002
"""Share of members absent without reason from regular meetings in three or four months."""
LONG_EXCUSED_RUN_RATE: Final = 0.003
"""Share of members excused from four or five meetings in a row (long work trip)."""
NEW_ADMISSION_RATE: Final = 0.015
"""Share of members admitted during the year (half before 1 July, half after)."""
DELAYED_RECOGNITION_RATE: Final = 0.1
"""Share of members recognized as official a few weeks after their 12 months of probation."""
SECOND_DEPUTY_RATE: Final = 0.5
"""Share of cells under the committee threshold that still elect a deputy secretary."""
LEADERSHIP_POST_RATES: Final = {
    Role.SECRETARY: 0.7,
    Role.DEPUTY_SECRETARY: 0.5,
    Role.COMMITTEE_MEMBER: 0.3,
    Role.MEMBER: 0.08,
}
"""Chance of holding a leadership or management post, by role in the cell."""
HISTORIC_CELL_RATE: Final = 0.4
"""Share of cells whose founding date is recorded (the rest have always existed)."""
FEMALE_SHARE: Final = 0.45
"""Share of women among members."""
SECOND_MIDDLE_NAME_RATE: Final = 0.35
"""Share of women named with "Thị" and a second middle name (Nguyễn Thị Thu Hà)."""
WITHOUT_THI_RATE: Final = 0.35
"""Share of the other women whose middle name is not "Thị" (Trần Ngọc Lan)."""
LENIENT_GRASSROOTS_SHARE: Final = 0.2
"""Share of grassroots organizations whose members score themselves generously."""
MEAN_SCORE: Final = 81.0
"""Mean self-assessment score of a member."""
LENIENT_MEAN_SCORE: Final = 87.0
"""Mean score in a lenient grassroots organization (the quota on "excellent" bites there)."""
CELL_MEAN_SCORE: Final = 84.0
"""Mean score of a cell before the penalties for its meeting record."""
MISSED_MONTH_PENALTY: Final = 2.5
"""Points off a cell's mean score for each month without a regular meeting."""
QUARTER_WITHOUT_THEMATIC_PENALTY: Final = 3.0
"""Points off a cell's mean score for each quarter without a thematic meeting."""
NO_HO_CHI_MINH_TOPIC_PENALTY: Final = 2.0
"""Points off a cell's mean score when it never took up the Ho Chi Minh topic."""
SCORE_SPREAD: Final = 5.5
"""Standard deviation of scores."""
LOW_SCORE_RATE: Final = 0.04
"""Share of scores below 70."""
PRIOR_SHORTCOMINGS_FIXED_RATE: Final = 0.92
"""Share of members who remedied every shortcoming of last year's review."""
DISCIPLINE_RATE: Final = 0.01
"""Share of members disciplined during the year (besides the suspended ones)."""
DEGRADATION_RATE: Final = 0.002
"""Share of members concluded to show degradation."""
MITIGATION_RATE: Final = 0.3
"""Share of disciplined or failing members whose case is mitigated."""
REMEDY_DONE_RATE: Final = 0.7
"""Share of last year's remedies done during the year."""
LATE_REMEDY_RATE: Final = 0.2
"""Share of done remedies done after their due date."""
LEADER_OWNS_REMEDY_RATE: Final = 0.7
"""Share of remedies owned by the secretary, a deputy or a committee member."""

# -- fixed facts -----------------------------------------------------------------------

REGULAR_MINIMUM_MINUTES: Final = 90
"""Minimum length of a regular meeting (HD 12-HD/BTCTW, HD 42-HD/BTCTW)."""
COMBINED_MINIMUM_MINUTES: Final = 120
"""Minimum length of a regular meeting combined with a thematic one."""
CELL_COMMITTEE_THRESHOLD: Final = 9
"""Members from which a cell elects a committee (Charter art. 24.4)."""
LARGE_COMMITTEE_THRESHOLD: Final = 15
"""Members from which a cell committee has five members instead of three."""
NEW_MEMBER_CUTOFF: Final = (6, 30)
"""Month and day after which a member admitted in the year is not rated."""
HO_CHI_MINH_TAG: Final = "ho-chi-minh"
"""Tag of the Ho Chi Minh study topic."""
FIXED_HOLIDAYS: Final = frozenset({(1, 1), (4, 30), (5, 1), (9, 1), (9, 2)})
"""Public holidays on fixed solar dates (month, day); meetings move to the next working day."""
SATURDAY: Final = 5
"""`datetime.date.weekday` of Saturday."""
COMMITTEE_ID: Final = "K"
COMMITTEE_NAME: Final = "Đảng bộ Khối các cơ quan tỉnh"

_DAY: Final = dt.timedelta(days=1)
_WEEK_OFFSETS: Final = (0, 7, 14, -7, -14)


@attrs.frozen
class _Shape:
    """How big a generated committee is."""

    grassroots: int
    cells: int
    members: int
    smallest_cell: int
    largest_cell: int
    fewest_cells_per_grassroots: int
    created_cells: int
    dissolved_cells: int


@attrs.frozen
class _Numbering:
    """Where a committee's ids start and how wide their numbers are (several committees share one id space)."""

    grassroots_start: int = 0
    grassroots_width: int | None = None
    cell_start: int = 0
    cell_width: int | None = None
    member_start: int = 0
    member_width: int | None = None


SHAPES: Final[dict[str, _Shape]] = {
    "demo": _Shape(
        grassroots=2,
        cells=6,
        members=60,
        smallest_cell=6,
        largest_cell=14,
        fewest_cells_per_grassroots=3,
        created_cells=1,
        dissolved_cells=1,
    ),
    "small": _Shape(
        grassroots=20,
        cells=295,
        members=3400,
        smallest_cell=5,
        largest_cell=25,
        fewest_cells_per_grassroots=8,
        created_cells=3,
        dissolved_cells=2,
    ),
}

# -- Vietnamese vocabulary ---------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    """The space-separated words of ``text``."""
    return tuple(text.split())


FAMILY_NAMES: Final = (
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 4),
    ("Huỳnh", 4),
    ("Phan", 4),
    ("Vũ", 3),
    ("Võ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 1),
    ("Ngô", 1),
    ("Dương", 1),
    ("Lý", 1),
)
"""Family names with their rough weight in the population."""
MALE_MIDDLE_NAMES: Final = _words("Văn Văn Hữu Đức Minh Quốc Công Thanh Xuân Quang Đình Mạnh Trọng Duy Ngọc")
"""Middle names of men ("Văn" listed twice: it is the most common)."""
FEMALE_MIDDLE_NAMES: Final = _words("Thu Thanh Minh Ngọc Kim Hồng Phương Bích Diệu Mai")
"""Middle names of women besides "Thị", alone or after it."""
MALE_GIVEN_NAMES: Final = _words(
    "Hùng Dũng Tuấn Nam Hải Long Sơn Thắng Cường Phúc Hiếu Khánh Trung Quân Toàn "
    "Bình Đạt Huy Thành Vinh Tâm Hưng Lâm Phong Tùng Việt Kiên Lộc Nghĩa Minh"
)
FEMALE_GIVEN_NAMES: Final = _words(
    "Lan Hương Hoa Mai Linh Trang Thảo Hà Nga Huyền Yến Hằng Phương Thủy Nhung "
    "Oanh Loan Vân Hạnh Dung Tuyết Liên Ngân Quyên Thúy Giang Hiền Chi Ánh My"
)
GRASSROOTS_NAMES: Final = (
    "Đảng bộ Sở Y tế",
    "Đảng bộ Sở Tài chính",
    "Đảng bộ Sở Giáo dục và Đào tạo",
    "Đảng bộ Sở Nội vụ",
    "Đảng bộ Sở Tư pháp",
    "Đảng bộ Sở Xây dựng",
    "Đảng bộ Sở Công Thương",
    "Đảng bộ Sở Nông nghiệp và Môi trường",
    "Đảng bộ Sở Khoa học và Công nghệ",
    "Đảng bộ Sở Văn hóa, Thể thao và Du lịch",
    "Đảng bộ Sở Dân tộc và Tôn giáo",
    "Đảng bộ Sở Ngoại vụ",
    "Đảng bộ Văn phòng Ủy ban nhân dân tỉnh",
    "Đảng bộ Thanh tra tỉnh",
    "Đảng bộ Ban Quản lý các khu công nghiệp",
    "Đảng bộ Bệnh viện Đa khoa tỉnh",
    "Đảng bộ Trường Chính trị tỉnh",
    "Đảng bộ Báo và Phát thanh, Truyền hình tỉnh",
    "Đảng bộ Thuế tỉnh",
    "Đảng bộ Bảo hiểm xã hội tỉnh",
    "Đảng bộ Kho bạc Nhà nước khu vực",
    "Đảng bộ Trường Cao đẳng Y tế",
    "Đảng bộ Liên minh Hợp tác xã tỉnh",
    "Đảng bộ Công an tỉnh",
)
CELL_NAMES: Final = (
    "Chi bộ Văn phòng",
    "Chi bộ Phòng Tổ chức cán bộ",
    "Chi bộ Phòng Kế hoạch – Tài chính",
    "Chi bộ Phòng Tài chính",
    "Chi bộ Phòng Pháp chế",
    "Chi bộ Phòng Quản lý chất lượng",
    "Chi bộ Phòng Nghiệp vụ",
    "Chi bộ Thanh tra",
    "Chi bộ Trung tâm Công nghệ thông tin",
    "Chi bộ Phòng Hành chính – Tổng hợp",
    "Chi bộ Phòng Kiểm tra",
    "Chi bộ Phòng Quản lý dự án",
    "Chi bộ Phòng Thống kê",
    "Chi bộ Phòng Truyền thông",
    "Chi bộ Trung tâm Phục vụ hành chính công",
    "Chi bộ Phòng Đào tạo",
    "Chi bộ Phòng Khoa học",
    "Chi bộ Phòng Hợp tác quốc tế",
    "Chi bộ Phòng Quản trị",
    "Chi bộ Phòng Kế toán",
    "Chi bộ Phòng Thi đua – Khen thưởng",
    "Chi bộ Phòng Cải cách hành chính",
    "Chi bộ Phòng Chính sách",
    "Chi bộ Phòng Quy hoạch",
    "Chi bộ Trung tâm Lưu trữ",
    "Chi bộ Ban Quản lý dự án",
    "Chi bộ Trung tâm Tư vấn",
    "Chi bộ Phòng Kỹ thuật",
    "Chi bộ Phòng Giám định",
    "Chi bộ Đội Kiểm tra liên ngành",
)


@attrs.frozen
class _Topic:
    """A thematic meeting topic and its tags."""

    text: str
    tags: tuple[str, ...]


HO_CHI_MINH_TOPICS: Final = tuple(
    _Topic(text, (HO_CHI_MINH_TAG,))
    for text in (
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tinh thần trách nhiệm, phục vụ nhân dân",
        "Học tập và làm theo tấm gương Bác Hồ về thực hành tiết kiệm, chống lãng phí",
        "Di chúc của Chủ tịch Hồ Chí Minh và việc thực hiện ở cơ quan, đơn vị",
        "Tư tưởng Hồ Chí Minh về xây dựng Đảng trong sạch, vững mạnh",
        "Làm theo tấm gương đạo đức Hồ Chí Minh: cần, kiệm, liêm, chính, chí công vô tư",
    )
)
THEMATIC_TOPICS: Final = (
    _Topic("Nâng cao chất lượng sinh hoạt chi bộ", ("xay-dung-dang",)),
    _Topic("Phòng, chống tham nhũng, lãng phí, tiêu cực trong cơ quan", ("phong-chong-tham-nhung",)),
    _Topic("Chuyển đổi số trong hoạt động chuyên môn", ("chuyen-mon",)),
    _Topic("Giáo dục truyền thống cách mạng nhân kỷ niệm ngày thành lập Đảng", ("truyen-thong",)),
    _Topic("Cải cách hành chính, nâng cao mức độ hài lòng của người dân", ("chuyen-mon",)),
    _Topic("Bảo vệ nền tảng tư tưởng của Đảng, phản bác các quan điểm sai trái, thù địch", ("xay-dung-dang",)),
    _Topic("Xây dựng văn hóa công sở, nêu cao trách nhiệm nêu gương", ("xay-dung-dang",)),
    _Topic("Sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả", ("xay-dung-dang",)),
    _Topic("Công tác phát triển đảng viên trong cơ quan", ("xay-dung-dang",)),
)
REGULAR_FOCUSES: Final = (
    "đánh giá kết quả tháng trước, triển khai nhiệm vụ tháng tới",
    "quán triệt nghị quyết của cấp ủy cấp trên",
    "công tác phát triển đảng viên",
    "thu, nộp đảng phí và công tác kiểm tra, giám sát",
    "cải cách hành chính và chuyển đổi số",
    "thực hành tiết kiệm, chống lãng phí",
)
YEAR_END_FOCUS: Final = "chuẩn bị kiểm điểm, đánh giá, xếp loại chất lượng cuối năm"
STRENGTHS: Final = (
    "Duy trì nền nếp sinh hoạt chi bộ định kỳ, nội dung được chuẩn bị chu đáo",
    "Lãnh đạo cơ quan hoàn thành tốt nhiệm vụ chuyên môn được giao",
    "Đảng viên gương mẫu, giữ gìn đoàn kết nội bộ",
    "Học tập, quán triệt nghiêm túc các nghị quyết của Đảng",
    "Làm tốt công tác phát triển đảng viên",
    "Thu, nộp đảng phí đầy đủ, đúng quy định",
)


@attrs.frozen
class _ShortcomingTemplate:
    """A shortcoming often found in reviews, with its cause and the usual remedies."""

    text: str
    cause: str
    remedies: tuple[str, ...]


SHORTCOMINGS: Final = (
    _ShortcomingTemplate(
        "Chất lượng sinh hoạt chi bộ có lúc chưa cao, ít ý kiến thảo luận",
        "Một số đảng viên còn ngại phát biểu; tài liệu chưa được gửi trước",
        (
            "Gửi tài liệu sinh hoạt trước ít nhất một ngày trên Sổ tay đảng viên điện tử",
            "Phân công đảng viên chuẩn bị ý kiến thảo luận cho mỗi buổi sinh hoạt",
        ),
    ),
    _ShortcomingTemplate(
        "Sinh hoạt chuyên đề chưa đều, có quý chưa tổ chức",
        "Chưa xây dựng kế hoạch sinh hoạt chuyên đề cả năm",
        (
            "Xây dựng và báo cáo cấp ủy cấp trên kế hoạch sinh hoạt chuyên đề năm",
            "Phân công đảng viên chuẩn bị chuyên đề bằng văn bản",
        ),
    ),
    _ShortcomingTemplate(
        "Một số đảng viên vắng sinh hoạt không có lý do",
        "Ý thức chấp hành chưa nghiêm; chi ủy chưa nhắc nhở kịp thời",
        (
            "Chi ủy gặp gỡ, nhắc nhở đảng viên vắng sinh hoạt không có lý do",
            "Theo dõi việc tham gia sinh hoạt của đảng viên hằng tháng",
        ),
    ),
    _ShortcomingTemplate(
        "Tiến độ giải quyết một số nhiệm vụ chuyên môn còn chậm",
        "Phân công nhiệm vụ chưa rõ người, rõ việc",
        (
            "Rà soát, phân công cụ thể người chịu trách nhiệm từng nhiệm vụ",
            "Kiểm điểm tiến độ nhiệm vụ hằng quý",
        ),
    ),
    _ShortcomingTemplate(
        "Công tác kiểm tra, giám sát của chi bộ chưa thường xuyên",
        "Chưa xây dựng chương trình kiểm tra, giám sát cụ thể",
        (
            "Ban hành chương trình kiểm tra, giám sát năm",
            "Kiểm tra ít nhất một đảng viên mỗi quý",
        ),
    ),
    _ShortcomingTemplate(
        "Biên bản sinh hoạt chi bộ ghi chưa đầy đủ diễn biến",
        "Thư ký chưa được hướng dẫn ghi biên bản",
        (
            "Hướng dẫn thư ký ghi biên bản theo mẫu",
            "Bí thư kiểm tra sổ biên bản hằng tháng",
        ),
    ),
)
LEVEL_FLOORS: Final = (
    (Decimal(90), Level.EXCELLENT),
    (Decimal(70), Level.GOOD),
    (Decimal(50), Level.COMPLETE),
)
"""Score bands of QĐ 366-QĐ/TW: the lowest score of each level above "not complete"."""
TASK_SHARES: Final = {
    Level.EXCELLENT: ((100, 100), (0, 0), (24, 60)),
    Level.GOOD: ((100, 100), (0, 0), (0, 25)),
    Level.COMPLETE: ((100, 100), (5, 20), (0, 5)),
    Level.NOT_COMPLETE: ((40, 79), (15, 40), (0, 0)),
}
"""Ranges, in hundredths, of the shares of tasks done, done late and exceeded, by level.

They follow the conditions of QĐ 366-QĐ/TW Điều 11 (excellent: all on time, ≥ 30 %
exceeded; good: all on time; complete: all done, ≤ 20 % late), except that some
would-be excellent members exceed fewer than 30 % of their tasks."""


# -- planning records (mutable while the committee is being put together) ----------------


class _Fate(enum.Enum):
    """What happens to a cell during the year."""

    KEPT = "kept"
    CREATED = "created"
    DISSOLVED = "dissolved"


class _Special(enum.Enum):
    """The one unusual thing that happens to a rank-and-file member during the year."""

    TRANSFERRED = "transferred"
    LONG_EXEMPTION = "long exemption"
    EXEMPTION_SPELL = "exemption spell"
    SUSPENDED = "suspended"
    CHRONIC_ABSENCE = "chronic absence"
    LONG_EXCUSED_RUN = "long excused run"
    ADMITTED_EARLY = "admitted before 1 July"
    ADMITTED_LATE = "admitted after 30 June"


SPECIAL_RATES: Final = {
    _Special.TRANSFERRED: TRANSFER_RATE,
    _Special.LONG_EXEMPTION: LONG_EXEMPTION_RATE,
    _Special.EXEMPTION_SPELL: EXEMPTION_SPELL_RATE,
    _Special.SUSPENDED: SUSPENSION_RATE,
    _Special.CHRONIC_ABSENCE: CHRONIC_ABSENCE_RATE,
    _Special.LONG_EXCUSED_RUN: LONG_EXCUSED_RUN_RATE,
    _Special.ADMITTED_EARLY: NEW_ADMISSION_RATE / 2,
    _Special.ADMITTED_LATE: NEW_ADMISSION_RATE / 2,
}


@attrs.define
class _MemberPlan:
    """A member while the committee is being put together."""

    id: str
    name: str
    admitted_on: dt.date
    recognized_on: dt.date | None
    leadership_post: bool
    memberships: list[Membership]
    excused_rate: float
    unexcused_rate: float
    talkativeness: float
    exempt: list[Period] = attrs.Factory(list)
    suspended: list[Period] = attrs.Factory(list)
    special: _Special | None = None

    def to_member(self) -> Member:
        """The finished record."""
        return Member(
            self.id,
            self.name,
            self.admitted_on,
            self.recognized_on,
            self.leadership_post,
            self.memberships,
            self.exempt,
            self.suspended,
        )


@attrs.define
class _SessionPlan:
    """A meeting before its attendance is taken."""

    cell: str
    date: dt.date
    kinds: frozenset[MeetingKind]
    duration_minutes: int
    topic: str
    tags: tuple[str, ...] = ()
    minutes: bool = True
    id: str = ""

    @property
    def is_regular_only(self) -> bool:
        """A regular meeting not combined with a thematic one."""
        return self.kinds == {MeetingKind.REGULAR}

    @property
    def is_combined(self) -> bool:
        """A regular and a thematic meeting in one session."""
        return len(self.kinds) == len(MeetingKind)


@attrs.define
class _CellPlan:
    """A cell and what happens to it during the year."""

    unit: Unit
    grassroots: str
    fate: _Fate
    size: int
    meeting_week: int
    meeting_weekday: int
    combined_share: float
    has_ho_chi_minh_topic: bool
    only_chair_speaks: bool
    forced_make_up: bool = False
    forced_quarter_without_thematic: bool = False
    forced_open_remedy: bool = False
    prompted_share: float = 0.0
    records_presenters: bool = False
    secretary_presents: bool = False
    missed_months: list[int] = attrs.Factory(list)
    quarters_without_thematic: list[int] = attrs.Factory(list)
    roster: list[_MemberPlan] = attrs.Factory(list)
    sessions: list[_SessionPlan] = attrs.Factory(list)

    @property
    def id(self) -> str:
        """Id of the cell."""
        return self.unit.id

    def active_months(self, year: int) -> list[int]:
        """The months of ``year`` the cell exists in (generated cells start and end on month bounds)."""
        return [m for m in MONTHS if self.unit.active.overlaps(month_span(year, m))]


@attrs.frozen
class _Facts:
    """The yes-or-no facts of an assessment."""

    prior_shortcomings_fixed: bool | None
    disciplined: bool = False
    degradation: bool = False
    mitigated: bool = False


# -- small helpers -----------------------------------------------------------------------


def _random_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A day between ``first`` and ``last``, both included."""
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _years_later(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year + month // 12, month % 12 + 1, 1) - _DAY


def _tenths(value: int) -> Decimal:
    """``915`` → ``Decimal("91.5")``."""
    return Decimal(value).scaleb(-1)


def _hundredths(value: int) -> Decimal:
    """``95`` → ``Decimal("0.95")``."""
    return Decimal(value).scaleb(-2)


def _level_for(score: Decimal) -> Level:
    """The level a score falls in under the bands of QĐ 366-QĐ/TW."""
    for floor, level in LEVEL_FLOORS:
        if score >= floor:
            return level
    return Level.NOT_COMPLETE


def _is_holiday(day: dt.date) -> bool:
    """Whether ``day`` is a weekend day or a fixed public holiday."""
    return day.weekday() >= SATURDAY or (day.month, day.day) in FIXED_HOLIDAYS


def _nth_weekday(year: int, month: int, week: int, weekday: int) -> dt.date:
    """The ``week``-th ``weekday`` (0 = Monday) of a month, moved off public holidays."""
    first = dt.date(year, month, 1)
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))
    while _is_holiday(day):
        day += _DAY
    return day


def _vietnamese_name(rng: random.Random) -> str:
    """A plausible full name: family name, middle name(s), given name."""
    family = rng.choices([name for name, _ in FAMILY_NAMES], weights=[w for _, w in FAMILY_NAMES])[0]
    if rng.random() < FEMALE_SHARE:
        middles = ["Thị"]
        if rng.random() < SECOND_MIDDLE_NAME_RATE:
            middles.append(rng.choice(FEMALE_MIDDLE_NAMES))
        elif rng.random() < WITHOUT_THI_RATE:
            middles = [rng.choice(FEMALE_MIDDLE_NAMES)]
        given = rng.choice([g for g in FEMALE_GIVEN_NAMES if g not in middles])
    else:
        middles = [rng.choice(MALE_MIDDLE_NAMES)]
        given = rng.choice([g for g in MALE_GIVEN_NAMES if g not in middles])
    return " ".join([family, *middles, given])


def _split(rng: random.Random, total: int, parts: int, fewest: int) -> list[int]:
    """Split ``total`` into ``parts`` uneven counts, each at least ``fewest``."""
    weights = [rng.uniform(0.5, 2.0) for _ in range(parts)]
    counts = [fewest] * parts
    for index in rng.choices(range(parts), weights=weights, k=total - fewest * parts):
        counts[index] += 1
    return counts


def _cell_sizes(rng: random.Random, shape: _Shape) -> list[int]:
    """Members per cell: skewed towards small cells, summing to exactly ``shape.members``."""
    mean_extra = shape.members / shape.cells - shape.smallest_cell
    sizes = [
        min(shape.largest_cell, shape.smallest_cell + round(rng.gammavariate(2.0, mean_extra / 2)))
        for _ in range(shape.cells)
    ]
    while (gap := shape.members - sum(sizes)) != 0:
        index = rng.randrange(shape.cells)
        step = 1 if gap > 0 else -1
        if shape.smallest_cell <= sizes[index] + step <= shape.largest_cell:
            sizes[index] += step
    return sizes


def _cell_names(rng: random.Random, count: int) -> list[str]:
    """``count`` cell names, numbered when the stock runs out."""
    stock = rng.sample(CELL_NAMES, len(CELL_NAMES))
    return [stock[i % len(stock)] + ("" if i < len(stock) else f" {i // len(stock) + 1}") for i in range(count)]


def _roles(rng: random.Random, size: int) -> list[Role]:
    """Roles of the first members of a cell: a secretary, and a committee in larger cells."""
    if size >= CELL_COMMITTEE_THRESHOLD:
        committee = 3 if size < LARGE_COMMITTEE_THRESHOLD else 5
        return [Role.SECRETARY, Role.DEPUTY_SECRETARY] + [Role.COMMITTEE_MEMBER] * (committee - 2)
    if rng.random() < SECOND_DEPUTY_RATE:
        return [Role.SECRETARY, Role.DEPUTY_SECRETARY]
    return [Role.SECRETARY]


# -- the generator -------------------------------------------------------------------------


class _Generator:
    """Puts a committee together step by step, drawing every choice from one seeded `random.Random`."""

    def __init__(
        self,
        shape: _Shape,
        seed: int | str,
        year: int,
        *,
        committee: Unit | None = None,
        numbering: _Numbering | None = None,
    ) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        self.shape = shape
        self.year = year
        self.committee = committee or Unit(COMMITTEE_ID, COMMITTEE_NAME, UnitKind.COMMITTEE)
        self.numbering = numbering or _Numbering()
        self.units: list[Unit] = []
        self.cells: list[_CellPlan] = []
        self.cell_plans: dict[str, _CellPlan] = {}
        self.members: list[_MemberPlan] = []
        self.lenient_grassroots: set[str] = set()
        self.forced_marks: dict[tuple[str, str], AttendanceMark] = {}
        # A second stream for the habits added with participation, so that every record drawn
        # from the first stream (and so every earlier example) stays as it was.
        self.aux = random.Random(f"{seed}:participation")  # noqa: S311 - synthetic data, not security
        self._member_width = self.numbering.member_width or len(str(shape.members))

    # -- dates of the year

    def day(self, month: int, day: int) -> dt.date:
        """A day of the year."""
        return dt.date(self.year, month, day)

    @property
    def year_end(self) -> dt.date:
        """31 December of the year."""
        return self.day(12, 31)

    def random_day_in(self, first: tuple[int, int], last: tuple[int, int]) -> dt.date:
        """A day of the year between two (month, day) pairs."""
        return _random_day(self.rng, self.day(*first), self.day(*last))

    # -- the whole run

    def generate(self) -> Dataset:
        """Plan units, members and sessions, then build and cross-check the records."""
        return Dataset(*self.records())

    def records(self) -> tuple[list[Unit], list[Member], list[Meeting], list[Assessment], list[Review]]:
        """Plan units, members and sessions, then build the records (not cross-checked)."""
        self.plan_units()
        for cell in self.cells:
            self.plan_roster(cell)
        self.plan_special_members()
        for cell in self.cells:
            self.plan_sessions(cell)
        self.ensure_meeting_flaws()
        self.plan_forced_absences()
        self.plan_participation()
        members = [plan.to_member() for plan in self.members]
        by_cell: defaultdict[str, list[Member]] = defaultdict(list)
        for member in members:
            for cell_id in dict.fromkeys(m.cell for m in member.memberships):
                by_cell[cell_id].append(member)
        meetings = self.absent_across_transfer(self.meetings(by_cell))
        reviews = [r for cell in self.cells if (r := self.previous_review(cell, by_cell[cell.id])) is not None]
        assessments = self.member_assessments(members) + self.cell_assessments(reviews)
        return self.units, members, meetings, assessments, reviews

    # -- units

    def plan_units(self) -> None:
        """The committee, its grassroots organizations and their cells, with sizes and fates."""
        rng, shape = self.rng, self.shape
        self.units.append(self.committee)
        counts = _split(rng, shape.cells, shape.grassroots, shape.fewest_cells_per_grassroots)
        names = rng.sample(GRASSROOTS_NAMES, shape.grassroots)
        sizes = _cell_sizes(rng, shape)
        changed = rng.sample(range(shape.cells), shape.created_cells + shape.dissolved_cells)
        fates = dict.fromkeys(changed[: shape.created_cells], _Fate.CREATED) | dict.fromkeys(
            changed[shape.created_cells :], _Fate.DISSOLVED
        )
        ids = self.numbering
        grassroots_width = ids.grassroots_width or len(str(shape.grassroots))
        cell_width = ids.cell_width or len(str(shape.cells))
        number = 0
        for g, (count, name) in enumerate(zip(counts, names, strict=True), start=ids.grassroots_start + 1):
            grassroots = Unit(f"G{g:0{grassroots_width}d}", name, UnitKind.GRASSROOTS, self.committee.id)
            self.units.append(grassroots)
            for cell_name in _cell_names(rng, count):
                fate = fates.get(number, _Fate.KEPT)
                cell_id = f"C{ids.cell_start + number + 1:0{cell_width}d}"
                unit = self.cell_unit(cell_id, cell_name, grassroots.id, fate)
                self.units.append(unit)
                self.cells.append(self.cell_plan(unit, grassroots.id, fate, sizes[number]))
                number += 1
        grassroots_ids = [u.id for u in self.units if u.kind is UnitKind.GRASSROOTS]
        lenient = max(1, round(shape.grassroots * LENIENT_GRASSROOTS_SHARE))
        self.lenient_grassroots = set(rng.sample(grassroots_ids, lenient))
        self.cell_plans = {cell.id: cell for cell in self.cells}
        self.designate_cell_flaws()

    def cell_unit(self, cell_id: str, name: str, parent: str, fate: _Fate) -> Unit:
        """A cell unit, active all year, or created or dissolved on a month boundary."""
        if fate is _Fate.CREATED:
            return Unit(cell_id, name, UnitKind.CELL, parent, self.day(self.rng.randint(4, 9), 1))
        founded = None
        if self.rng.random() < HISTORIC_CELL_RATE:
            founded = _random_day(self.rng, dt.date(self.year - 25, 1, 1), dt.date(self.year - 2, 12, 31))
        dissolved = _month_end(self.year, self.rng.randint(3, 9)) if fate is _Fate.DISSOLVED else None
        return Unit(cell_id, name, UnitKind.CELL, parent, founded, dissolved)

    def cell_plan(self, unit: Unit, grassroots: str, fate: _Fate, size: int) -> _CellPlan:
        """A cell's habits: its meeting day, how it holds thematic meetings, who speaks."""
        rng = self.rng
        return _CellPlan(
            unit=unit,
            grassroots=grassroots,
            fate=fate,
            size=size,
            meeting_week=rng.randint(1, 3),
            meeting_weekday=rng.randrange(5),
            combined_share=rng.choice(COMBINED_SHARES),
            has_ho_chi_minh_topic=rng.random() >= NO_HO_CHI_MINH_TOPIC_RATE,
            only_chair_speaks=rng.random() < ONLY_SECRETARY_SPEAKS_RATE,
        )

    def designate_cell_flaws(self) -> None:
        """Make sure each cell-level flaw occurs at least once, in cells that exist all year."""
        kept = [cell for cell in self.cells if cell.fate is _Fate.KEPT]
        self.rng.choice(kept).forced_make_up = True
        self.rng.choice(kept).forced_quarter_without_thematic = True
        self.rng.choice(kept).has_ho_chi_minh_topic = False
        self.rng.choice(kept).only_chair_speaks = True
        self.rng.choice(kept).combined_share = 1.0
        self.rng.choice(kept).forced_open_remedy = True

    # -- members

    def new_member(self, cell: _CellPlan, role: Role, since: dt.date | None) -> _MemberPlan:
        """A member admitted before the year, in ``cell`` since ``since`` (or a random earlier day)."""
        rng, year = self.rng, self.year
        leader = role is not Role.MEMBER
        oldest, newest = (year - 35, year - 3) if leader else (year - 40, year - 1)
        admitted = _random_day(rng, dt.date(oldest, 1, 1), dt.date(newest, 12, 31))
        if since is None:
            earliest = max(admitted, cell.unit.active_from or admitted, dt.date(year - 15, 1, 1))
            since = _random_day(rng, earliest, dt.date(year - 1, 12, 31))
        plan = _MemberPlan(
            id=f"M{self.numbering.member_start + len(self.members) + 1:0{self._member_width}d}",
            name=_vietnamese_name(rng),
            admitted_on=admitted,
            recognized_on=self.recognition_day(admitted),
            leadership_post=rng.random() < LEADERSHIP_POST_RATES[role],
            memberships=[Membership(cell.id, since, cell.unit.active_to, role)],
            excused_rate=LEADER_EXCUSED_RATE if leader else rng.choice(EXCUSED_RATES),
            unexcused_rate=0.0 if leader else UNEXCUSED_RATE,
            talkativeness=rng.choices([t for t, _ in TALKATIVENESS], weights=[w for _, w in TALKATIVENESS])[0],
        )
        self.members.append(plan)
        return plan

    def recognition_day(self, admitted: dt.date) -> dt.date:
        """Twelve months after admission, sometimes a few weeks later."""
        recognized = _years_later(admitted, 1)
        if self.rng.random() < DELAYED_RECOGNITION_RATE:
            recognized += dt.timedelta(days=self.rng.randint(5, 40))
        return recognized

    def plan_roster(self, cell: _CellPlan) -> None:
        """The members a cell starts the year with (or, for a new cell, is created with)."""
        since = cell.unit.active_from if cell.fate is _Fate.CREATED else None
        roles = _roles(self.rng, cell.size)
        for index in range(cell.size):
            role = roles[index] if index < len(roles) else Role.MEMBER
            cell.roster.append(self.new_member(cell, role, since))

    def plan_special_members(self) -> None:
        """Transfers, exemptions, suspensions, absentees and new admissions among rank-and-file members."""
        rng = self.rng
        pool = [m for c in self.cells if c.fate is _Fate.KEPT for m in c.roster if m.memberships[0].role is Role.MEMBER]
        rng.shuffle(pool)
        for cell in self.cells:
            if cell.fate is _Fate.CREATED:
                for _ in range(rng.randint(1, 2)):
                    self.transfer(self.pop_from_grassroots(pool, cell.grassroots), cell, cell.unit.active.start)
            elif cell.fate is _Fate.DISSOLVED:
                self.disperse(cell)
        for special in _Special:
            self.make_special(pool.pop(), special)
        specials, rates = list(SPECIAL_RATES), list(SPECIAL_RATES.values())
        for member in pool:
            draw = rng.random()
            for special, rate in zip(specials, rates, strict=True):
                if draw < rate:
                    self.make_special(member, special)
                    break
                draw -= rate

    def pop_from_grassroots(self, pool: list[_MemberPlan], grassroots: str) -> _MemberPlan:
        """Take from the pool the last member whose cell is in ``grassroots`` (or the last one of all)."""
        same = [i for i, m in enumerate(pool) if self.cell_plans[m.memberships[0].cell].grassroots == grassroots]
        return pool.pop(same[-1] if same else -1)

    def transfer(self, member: _MemberPlan, target: _CellPlan, on: dt.date) -> None:
        """Move ``member`` to ``target`` on day ``on``: the old membership ends the day before."""
        last = member.memberships[-1]
        member.memberships[-1] = attrs.evolve(last, end=on - _DAY)
        member.memberships.append(Membership(target.id, on, target.unit.active_to, Role.MEMBER))
        member.special = _Special.TRANSFERRED

    def disperse(self, cell: _CellPlan) -> None:
        """Move every member of a dissolved cell to other cells of its grassroots organization."""
        on = (cell.unit.active_to or self.year_end) + _DAY
        targets = [
            c
            for c in self.cells
            if c.unit.active_to is None and c.unit.active.contains(on) and c.grassroots == cell.grassroots
        ] or [c for c in self.cells if c.fate is _Fate.KEPT]
        for member in cell.roster:
            self.transfer(member, self.rng.choice(targets), on)

    def make_special(self, member: _MemberPlan, special: _Special) -> None:
        """Give a rank-and-file member of a kept cell the unusual year ``special`` describes."""
        rng, year = self.rng, self.year
        member.special = special
        if special is _Special.TRANSFERRED:
            home = member.memberships[0].cell
            candidates = [c for c in self.cells if c.fate is _Fate.KEPT and c.id != home]
            self.transfer(member, rng.choice(candidates), self.random_day_in((3, 1), (10, 31)))
        elif special is _Special.LONG_EXEMPTION:
            member.admitted_on = _random_day(rng, dt.date(year - 45, 1, 1), dt.date(year - 30, 12, 31))
            member.recognized_on = self.recognition_day(member.admitted_on)
            member.leadership_post = False
            member.exempt.append(Period(_random_day(rng, dt.date(year - 6, 1, 1), dt.date(year - 1, 12, 31))))
        elif special is _Special.EXEMPTION_SPELL:
            start = self.random_day_in((2, 1), (8, 31))
            member.exempt.append(Period(start, start + dt.timedelta(days=rng.randint(90, 150))))
        elif special is _Special.SUSPENDED:
            start = self.random_day_in((3, 1), (9, 30))
            still_running = self.no_suspension_yet() or rng.random() < OPEN_SUSPENSION_RATE
            end = None if still_running else start + dt.timedelta(days=rng.randint(60, 90))
            member.suspended.append(Period(start, end))
        elif special in {_Special.ADMITTED_EARLY, _Special.ADMITTED_LATE}:
            first, last = ((1, 10), (6, 30)) if special is _Special.ADMITTED_EARLY else ((7, 1), (11, 30))
            member.admitted_on = self.random_day_in(first, last)
            member.recognized_on = None
            member.memberships = [attrs.evolve(member.memberships[0], start=member.admitted_on)]
        # CHRONIC_ABSENCE and LONG_EXCUSED_RUN are marks, placed once the meetings are planned.

    def no_suspension_yet(self) -> bool:
        """Whether no member has been suspended so far (the first suspension runs to year end)."""
        return not any(m.suspended for m in self.members)

    # -- meetings

    def plan_sessions(self, cell: _CellPlan) -> None:
        """The cell's sessions of the year: regular, combined, thematic and make-up meetings."""
        rng = self.rng
        months = cell.active_months(self.year)
        missed = {m for m in months if rng.random() < MISSED_MONTH_RATE}
        forced_month = None
        if cell.forced_make_up:
            forced_month = rng.choice(months[:-1])
            missed.add(forced_month)
            missed.discard(forced_month + 1)
        make_up = {
            m + 1
            for m in sorted(missed)
            if m + 1 in months and m + 1 not in missed and (m == forced_month or rng.random() < MAKE_UP_RATE)
        }
        thematic = self.plan_thematic_months(cell, months, missed)
        topics = self.thematic_topics(cell, len(thematic))
        for month in months:
            usual = _nth_weekday(self.year, month, cell.meeting_week, cell.meeting_weekday)
            days = [d for o in _WEEK_OFFSETS if (d := usual + dt.timedelta(days=o)).month == month]
            days = [d for d in days if not _is_holiday(d)]
            sessions: list[_SessionPlan] = []
            if month not in missed:
                sessions.append(self.regular_session(cell, days.pop(0), topics, combined=thematic.get(month, False)))
            if month in make_up:
                sessions.append(self.make_up_session(cell, days.pop(0)))
            if thematic.get(month) is False:
                sessions.append(self.thematic_session(cell, days.pop(0), topics.pop(0)))
            self.name_sessions(cell, month, sessions)
        cell.missed_months = sorted(missed)

    def plan_thematic_months(self, cell: _CellPlan, months: list[int], missed: set[int]) -> dict[int, bool]:
        """Month of each quarter's thematic meeting, and whether it is combined with the regular one."""
        rng = self.rng
        quarters = sorted({quarter_of(m) for m in months})
        skipped = {q for q in quarters if rng.random() < QUARTER_WITHOUT_THEMATIC_RATE}
        if cell.forced_quarter_without_thematic:
            skipped.add(rng.choice(quarters))
        cell.quarters_without_thematic = sorted(skipped)
        thematic: dict[int, bool] = {}
        for quarter in quarters:
            if quarter in skipped:
                continue
            in_quarter = [m for m in months if quarter_of(m) == quarter]
            held = [m for m in in_quarter if m not in missed]
            if held and rng.random() < cell.combined_share:
                thematic[rng.choice(held)] = True
            else:
                thematic[rng.choice(in_quarter)] = False
        return dict(sorted(thematic.items()))

    def thematic_topics(self, cell: _CellPlan, count: int) -> list[_Topic]:
        """Topics of the cell's thematic meetings in date order, one on Ho Chi Minh if the cell has it."""
        topics = self.rng.sample(THEMATIC_TOPICS, count)
        if cell.has_ho_chi_minh_topic and count:
            topics[self.rng.randrange(count)] = self.rng.choice(HO_CHI_MINH_TOPICS)
        return topics

    def regular_session(self, cell: _CellPlan, day: dt.date, topics: list[_Topic], *, combined: bool) -> _SessionPlan:
        """The month's regular meeting, combined with the quarter's thematic one when ``combined``."""
        rng = self.rng
        short = rng.random() < SHORT_MEETING_RATE
        title = f"Sinh hoạt thường kỳ tháng {day.month}/{day.year}"
        if combined:
            topic = topics.pop(0)
            duration = rng.randrange(90, 120, 5) if short else rng.randrange(120, 185, 5)
            return _SessionPlan(
                cell.id,
                day,
                frozenset(MeetingKind),
                duration,
                f"{title} kết hợp chuyên đề: {topic.text}",
                topic.tags,
                minutes=rng.random() >= NO_MINUTES_RATE,
            )
        focus = YEAR_END_FOCUS if day.month == len(MONTHS) else rng.choice(REGULAR_FOCUSES)
        duration = rng.randrange(60, 90, 5) if short else rng.randrange(90, 155, 5)
        return _SessionPlan(
            cell.id,
            day,
            frozenset({MeetingKind.REGULAR}),
            duration,
            f"{title}: {focus}",
            minutes=rng.random() >= NO_MINUTES_RATE,
        )

    def make_up_session(self, cell: _CellPlan, day: dt.date) -> _SessionPlan:
        """A second regular meeting, held for the month before, which was missed."""
        return _SessionPlan(
            cell.id,
            day,
            frozenset({MeetingKind.REGULAR}),
            self.rng.randrange(90, 155, 5),
            f"Sinh hoạt thường kỳ bù cho tháng {day.month - 1}/{day.year}",
            minutes=self.rng.random() >= NO_MINUTES_RATE,
        )

    def thematic_session(self, cell: _CellPlan, day: dt.date, topic: _Topic) -> _SessionPlan:
        """A thematic meeting held on its own."""
        return _SessionPlan(
            cell.id,
            day,
            frozenset({MeetingKind.THEMATIC}),
            self.rng.randrange(90, 155, 5),
            f"Sinh hoạt chuyên đề: {topic.text}",
            topic.tags,
            minutes=self.rng.random() >= NO_MINUTES_RATE,
        )

    def name_sessions(self, cell: _CellPlan, month: int, sessions: list[_SessionPlan]) -> None:
        """Ids in date order: ``C1-2025-03``, then ``C1-2025-03-2`` for a second session in the month."""
        for number, session in enumerate(sorted(sessions, key=lambda s: s.date), start=1):
            session.id = f"{cell.id}-{self.year}-{month:02d}" + ("" if number == 1 else f"-{number}")
            cell.sessions.append(session)

    def ensure_meeting_flaws(self) -> None:
        """Make sure a short regular meeting, a short combined one and a meeting without minutes occur."""
        rng = self.rng
        sessions = [s for c in self.cells if c.fate is _Fate.KEPT for s in c.sessions]
        regular = [s for s in sessions if s.is_regular_only]
        if all(s.duration_minutes >= REGULAR_MINIMUM_MINUTES for s in regular):
            rng.choice(regular).duration_minutes = rng.randrange(60, REGULAR_MINIMUM_MINUTES, 5)
        combined = [s for s in sessions if s.is_combined]
        if all(s.duration_minutes >= COMBINED_MINIMUM_MINUTES for s in combined):
            rng.choice(combined).duration_minutes = rng.randrange(REGULAR_MINIMUM_MINUTES, COMBINED_MINIMUM_MINUTES, 5)
        if all(s.minutes for s in sessions):
            rng.choice(sessions).minutes = False

    def plan_forced_absences(self) -> None:
        """Marks that make the absentees' records: unexcused in 3–4 months, excused 4–5 times in a row.

        A member exempt for years also comes to the first meeting of the year.
        """
        for member in self.members:
            sessions = self.cell_plans[member.memberships[0].cell].sessions
            if member.special is _Special.CHRONIC_ABSENCE:
                self.mark_unexcused_months(member, sessions)
            elif member.special is _Special.LONG_EXCUSED_RUN:
                self.mark_excused_run(member, sessions)
            elif member.special is _Special.LONG_EXEMPTION:
                self.forced_marks[sessions[0].id, member.id] = AttendanceMark.PRESENT

    def mark_unexcused_months(self, member: _MemberPlan, sessions: list[_SessionPlan]) -> None:
        """Unexcused from the first regular meeting of three or four months."""
        first_of_month = {s.date.month: s for s in reversed(sessions) if MeetingKind.REGULAR in s.kinds}
        count = min(self.rng.randint(3, 4), len(first_of_month))
        for month in self.rng.sample(sorted(first_of_month), count):
            self.forced_marks[first_of_month[month].id, member.id] = AttendanceMark.UNEXCUSED

    def mark_excused_run(self, member: _MemberPlan, sessions: list[_SessionPlan]) -> None:
        """Excused from four or five regular meetings in a row, and any session between them."""
        regular = [s for s in sessions if MeetingKind.REGULAR in s.kinds]
        run = self.rng.randint(4, 5)
        start = self.rng.randrange(len(regular) - run + 1)
        first, last = regular[start].date, regular[start + run - 1].date
        for session in sessions:
            if first <= session.date <= last:
                self.forced_marks[session.id, member.id] = AttendanceMark.EXCUSED

    def plan_participation(self) -> None:
        """Each cell's habit of drawing members into the discussion and of recording presenters.

        Drawn from the second stream ``aux``.  One kept cell with a thematic meeting records
        presenters and has its thematic topics presented by the secretary alone.
        """
        aux = self.aux
        for cell in self.cells:
            cell.prompted_share = aux.choice(PROMPTED_SHARES)
            cell.records_presenters = aux.random() < PRESENTERS_RECORDED_RATE
        with_thematic = [
            c for c in self.cells if c.fate is _Fate.KEPT and any(MeetingKind.THEMATIC in s.kinds for s in c.sessions)
        ]
        forced = aux.choice(with_thematic)
        forced.records_presenters = forced.secretary_presents = True

    def meetings(self, by_cell: dict[str, list[Member]]) -> list[Meeting]:
        """Every session with its attendance and speakers; ``by_cell`` lists who ever belonged to each cell."""
        plans = {plan.id: plan for plan in self.members}
        meetings: list[Meeting] = []
        for cell in self.cells:
            cell_members = by_cell[cell.id]
            cell_members_by_id = {m.id: m for m in cell_members}
            for session in cell.sessions:
                attendance = self.attendance(session, cell_members, plans)
                speakers = self.speakers(cell, session, attendance, plans, cell_members_by_id)
                presenters = self.presenters(cell, session, attendance, cell_members_by_id)
                # A presenter speaks, right after the chair opens the session.
                speakers[1:1] = [p for p in presenters or () if p not in speakers]
                meetings.append(
                    Meeting(
                        session.id,
                        cell.id,
                        session.date,
                        session.kinds,
                        session.duration_minutes,
                        session.topic,
                        session.tags,
                        attendance,
                        speakers,
                        session.minutes,
                        presenters,
                    )
                )
        return meetings

    def absent_across_transfer(self, meetings: list[Meeting]) -> list[Meeting]:
        """A transferred member absent without reason from regular meetings in two months before the move and one after.

        Neither cell sees three months; the committee does.  The marks are changed after the
        meetings are drawn, with the second stream, so the first stream stays as it was.
        """
        transferred = [p for p in self.members if p.special is _Special.TRANSFERRED and len(p.memberships) == 2]  # noqa: PLR2004
        candidates = [
            (plan.id, chosen)
            for plan in self.aux.sample(transferred, len(transferred))
            if (chosen := self.months_across_transfer(plan, meetings))
        ]
        for member, chosen in candidates[:1]:
            for i in chosen:
                meeting = meetings[i]
                meetings[i] = attrs.evolve(
                    meeting,
                    attendance=dict(meeting.attendance) | {member: AttendanceMark.UNEXCUSED},
                    speakers=[s for s in meeting.speakers if s != member],
                    presenters=None if meeting.presenters is None else [p for p in meeting.presenters if p != member],
                )
        return meetings

    def months_across_transfer(self, plan: _MemberPlan, meetings: list[Meeting]) -> list[int]:
        """Indexes of regular meetings in two months of the old cell and one of the new, or [] if there are none.

        A member with an unexcused absence already is left alone, so neither cell reaches three months.
        """
        by_cell: dict[str, dict[int, int]] = {ms.cell: {} for ms in plan.memberships}
        for index, meeting in enumerate(meetings):
            if meeting.cell in by_cell and meeting.is_regular and plan.id in meeting.attendance:
                by_cell[meeting.cell].setdefault(meeting.date.month, index)
        before, after = (by_cell[ms.cell] for ms in plan.memberships)
        chosen = [before[m] for m in sorted(before) if m not in after][:2]
        chosen += [after[m] for m in sorted(after) if m not in before][-1:]
        marks = [meetings[i].attendance[plan.id] for months in (before, after) for i in months.values()]
        return chosen if len(chosen) == 3 and AttendanceMark.UNEXCUSED not in marks else []  # noqa: PLR2004

    def attendance(
        self, session: _SessionPlan, members: list[Member], plans: dict[str, _MemberPlan]
    ) -> dict[str, AttendanceMark]:
        """A mark for every expected member, and for exempt members who came."""
        rng = self.rng
        marks: dict[str, AttendanceMark] = {}
        for member in members:
            if member.cell_on(session.date) != session.cell or member.is_suspended_on(session.date):
                continue
            forced = self.forced_marks.get((session.id, member.id))
            if member.is_exempt_on(session.date):
                if forced is not None or rng.random() < EXEMPT_ATTENDS_RATE:
                    marks[member.id] = AttendanceMark.PRESENT
            elif forced is not None:
                marks[member.id] = forced
            else:
                marks[member.id] = self.random_mark(plans[member.id])
        return marks

    def random_mark(self, plan: _MemberPlan) -> AttendanceMark:
        """A mark drawn from the member's habits."""
        draw = self.rng.random()
        if draw < plan.unexcused_rate:
            return AttendanceMark.UNEXCUSED
        if draw < plan.unexcused_rate + plan.excused_rate:
            return AttendanceMark.EXCUSED
        return AttendanceMark.PRESENT

    def speakers(
        self,
        cell: _CellPlan,
        session: _SessionPlan,
        attendance: dict[str, AttendanceMark],
        plans: dict[str, _MemberPlan],
        members_by_id: dict[str, Member],
    ) -> list[str]:
        """The chair (secretary, else deputy, else a committee member) first, then others who spoke."""
        rng = self.rng
        present = [m for m, mark in attendance.items() if mark is AttendanceMark.PRESENT]
        chairs = [
            m
            for role in (Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.COMMITTEE_MEMBER)
            for m in present
            if (membership := members_by_id[m].membership_on(session.date)) is not None and membership.role is role
        ]
        chair = chairs[:1]
        if cell.only_chair_speaks:
            return chair
        speakers = chair if rng.random() < CHAIR_SPEAKS_RATE else []
        others = [m for m in present if m not in chair and rng.random() < plans[m].talkativeness]
        rng.shuffle(others)
        prompted = [
            m
            for m in present
            if m not in chair
            and m not in others
            and plans[m].talkativeness > 0
            and self.aux.random() < cell.prompted_share
        ]
        return speakers + others + prompted

    def presenters(
        self,
        cell: _CellPlan,
        session: _SessionPlan,
        attendance: dict[str, AttendanceMark],
        members_by_id: dict[str, Member],
    ) -> list[str] | None:
        """Who presents a thematic topic where the cell records it: members assigned, sometimes the secretary alone."""
        if not cell.records_presenters or MeetingKind.THEMATIC not in session.kinds:
            return None
        present = [m for m, mark in attendance.items() if mark is AttendanceMark.PRESENT]
        secretary = [
            m
            for m in present
            if (membership := members_by_id[m].membership_on(session.date)) is not None
            and membership.role is Role.SECRETARY
        ]
        if cell.secretary_presents or cell.only_chair_speaks or self.aux.random() < SECRETARY_PRESENTS_RATE:
            return secretary  # empty when the secretary is away: nobody else was assigned
        others = [m for m in present if m not in secretary]
        count = min(len(others), 2 if self.aux.random() < SECOND_PRESENTER_RATE else 1)
        return self.aux.sample(others, count)

    # -- reviews and assessments

    def previous_review(self, cell: _CellPlan, members: list[Member]) -> Review | None:
        """Last year's self-criticism review of a cell that existed then, with its remedies.

        ``members`` are those who ever belonged to the cell.
        """
        rng, year = self.rng, self.year
        last_day = dt.date(year - 1, 12, 31)
        if not cell.unit.active.contains(last_day):
            return None
        roster = [m for m in members if m.cell_on(last_day) == cell.id]
        leaders = [m for m in roster if (ms := m.membership_on(last_day)) is not None and ms.role is not Role.MEMBER]
        shortcomings = []
        for template in rng.sample(SHORTCOMINGS, rng.randint(1, 3)):
            remedies = []
            for action in rng.sample(template.remedies, rng.randint(1, 2)):
                owner = rng.choice(leaders if leaders and rng.random() < LEADER_OWNS_REMEDY_RATE else roster)
                due = _month_end(year, 3 * rng.randint(1, 4))
                done_on = self.remedy_done_on(due)
                remedies.append(Remedy(action, owner.id, due, None if cell.forced_open_remedy else done_on))
            shortcomings.append(Shortcoming(template.text, template.cause, remedies))
        return Review(
            f"R-{cell.id}-{year - 1}",
            cell.id,
            year - 1,
            rng.randint(len(roster) // 2, 2 * len(roster)),
            rng.sample(STRENGTHS, rng.randint(1, 3)),
            shortcomings,
        )

    def remedy_done_on(self, due: dt.date) -> dt.date | None:
        """When a remedy was done: mostly by its due date, sometimes late, sometimes not yet."""
        rng = self.rng
        if rng.random() >= REMEDY_DONE_RATE:
            return None
        if rng.random() < LATE_REMEDY_RATE:
            return min(due + dt.timedelta(days=rng.randint(1, 45)), self.year_end)
        return due - dt.timedelta(days=rng.randint(0, 60))

    def score(self, mean: float) -> Decimal:
        """A score with one decimal, 40.0–99.0, mostly 70–92."""
        if self.rng.random() < LOW_SCORE_RATE:
            return _tenths(self.rng.randint(400, 699))
        return _tenths(min(990, max(400, round(self.rng.gauss(mean, SCORE_SPREAD) * 10))))

    def assessment(self, subject: str, score: Decimal, quota_group: str, facts: _Facts) -> Assessment:
        """An assessment whose proposed level and shares of tasks agree with the score."""
        level = _level_for(score)
        done, behind, exceeded = (_hundredths(self.rng.randint(*span)) for span in TASK_SHARES[level])
        return Assessment(
            subject,
            self.year,
            score,
            level,
            done,
            behind,
            exceeded,
            facts.prior_shortcomings_fixed,
            facts.disciplined,
            facts.degradation,
            facts.mitigated,
            quota_group,
        )

    def member_assessments(self, members: list[Member]) -> list[Assessment]:
        """One per rated member: not exempt or suspended on 31 December, admitted by 30 June."""
        rng, year_end = self.rng, self.year_end
        cutoff = self.day(*NEW_MEMBER_CUTOFF)
        plans = {plan.id: plan for plan in self.members}
        assessments = []
        for member in members:
            cell = member.cell_on(year_end)
            if cell is None or member.is_exempt_on(year_end) or member.is_suspended_on(year_end):
                continue
            if member.admitted_on > cutoff:
                continue
            grassroots = self.cell_plans[cell].grassroots
            special = plans[member.id].special
            if special is _Special.CHRONIC_ABSENCE:
                score = _tenths(rng.randint(450, 650))
            else:
                score = self.score(LENIENT_MEAN_SCORE if grassroots in self.lenient_grassroots else MEAN_SCORE)
            disciplined = bool(member.suspended) or rng.random() < DISCIPLINE_RATE
            failing = _level_for(score) is Level.NOT_COMPLETE
            assessments.append(
                self.assessment(
                    member.id,
                    score,
                    grassroots,
                    _Facts(
                        prior_shortcomings_fixed=rng.random() < PRIOR_SHORTCOMINGS_FIXED_RATE,
                        disciplined=disciplined,
                        degradation=rng.random() < DEGRADATION_RATE,
                        mitigated=(disciplined or failing) and rng.random() < MITIGATION_RATE,
                    ),
                )
            )
        return assessments

    def cell_assessments(self, reviews: list[Review]) -> list[Assessment]:
        """One per cell existing on 31 December; its meeting record pulls its score down.

        A cell with a review of last year leaves "prior shortcomings remedied" to
        the rating engine, which reads it from the review (QĐ 366 Điều 11 điểm 1.4).
        """
        reviewed = {review.subject for review in reviews}
        assessments = []
        for cell in self.cells:
            if not cell.unit.active.contains(self.year_end):
                continue
            mean = (
                CELL_MEAN_SCORE
                - MISSED_MONTH_PENALTY * len(cell.missed_months)
                - QUARTER_WITHOUT_THEMATIC_PENALTY * len(cell.quarters_without_thematic)
                - (0.0 if cell.has_ho_chi_minh_topic else NO_HO_CHI_MINH_TOPIC_PENALTY)
            )
            assessments.append(
                self.assessment(
                    cell.id,
                    self.score(mean),
                    self.committee.id,
                    _Facts(prior_shortcomings_fixed=None if cell.id in reviewed else True),
                )
            )
        return assessments


def generate_example(size: ExampleSize = "small", *, seed: int = 0, year: int = 2025) -> Dataset:
    """A synthetic committee's records for ``year``, the same for the same arguments.

    The dataset holds the units, members and meetings of ``year``, the members' and
    cells' assessments for ``year``, and the cells' self-criticism reviews of
    ``year - 1`` with their remedies due in ``year``.  Every choice comes from
    ``random.Random(seed)``, so the result (and its JSON) is reproducible.

    Args:
        size: ``"small"``: 295 cells and about 3,400 members under 20 grassroots
            organizations; ``"demo"``: 6 cells and about 60 members under 2.
        seed: Any integer; different seeds give different committees.
        year: The year of the meetings and assessments.

    Returns:
        A valid `Dataset` in which every imperfection the checks look for occurs.

    Raises:
        InvalidArgumentError: ``size`` is unknown or ``year`` is outside
            1931–2200 (the previous year's review must be a valid year too).

    >>> ds = generate_example("demo", seed=1)
    >>> len(ds.cells())
    6
    """
    shape = SHAPES.get(size)
    if shape is None:
        hint = f": use iter_example_bundles({size!r}), a {size} does not fit in memory" if size in SCALES else ""
        raise InvalidArgumentError(f"size must be one of {', '.join(map(repr, SHAPES))} (got {size!r}){hint}")
    _check_year(year)
    return _Generator(shape, seed, year).generate()


def _check_year(year: int) -> None:
    if not FIRST_YEAR < year <= LAST_YEAR:
        raise InvalidArgumentError(f"year must be an integer from {FIRST_YEAR + 1} to {LAST_YEAR} (got {year!r})")


# -- a province and the country, one committee at a time -----------------------------------------------


@attrs.frozen
class _Scale:
    """How big a generated province or country is: committees of cells, as many cells and members as that."""

    root: Unit
    provinces: int
    """Provincial committees under the root (0: the root is the province)."""
    committees: int
    """Committees (communes, wards, bloc committees) generated one at a time, each like the small example."""
    cells: int
    members: int


SCALES: Final[dict[str, _Scale]] = {
    "province": _Scale(
        root=Unit("T", "Đảng bộ tỉnh", UnitKind.COMMITTEE),
        provinces=0,
        committees=120,
        cells=30_000,
        members=500_000,
    ),
    "country": _Scale(
        root=Unit("TW", "Đảng Cộng sản Việt Nam", UnitKind.COMMITTEE),
        provinces=34,
        committees=1_320,
        cells=330_000,
        members=5_600_000,
    ),
}
"""A province of about 500,000 members in 30,000 cells; the country, about 5.6 million in 330,000 (§5 of the
regulations digest: about 15–17 members a cell, 3 at least, 30 at most)."""
SMALLEST_CELL: Final = 3
"""Official members a cell needs at least (Charter art. 21)."""
LARGEST_CELL: Final = 30
"""Members a cell normally has at most before it is split."""
FEWEST_COMMITTEE_CELLS: Final = 100
"""Cells of the smallest generated committee."""
CELLS_PER_GRASSROOTS: Final = (10.0, 20.0)
"""Range of a committee's mean number of cells per grassroots organization."""
MEMBER_SPREAD: Final = 0.1
"""How much a committee's members per cell vary around the scale's mean (±10 %)."""
PROVINCE_NAMES: Final = (
    "Tuyên Quang", "Cao Bằng", "Lai Châu", "Lào Cai", "Thái Nguyên", "Điện Biên", "Lạng Sơn", "Sơn La",
    "Phú Thọ", "Bắc Ninh", "Quảng Ninh", "Hà Nội", "Hải Phòng", "Hưng Yên", "Ninh Bình", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Quảng Trị", "Huế", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Đắk Lắk",
    "Khánh Hòa", "Lâm Đồng", "Đồng Nai", "Tây Ninh", "Thành phố Hồ Chí Minh", "Đồng Tháp", "An Giang",
    "Vĩnh Long", "Cần Thơ", "Cà Mau",
)  # fmt: skip
"""The 34 provinces and cities from 1 July 2025."""
PLACE_SYLLABLES: Final = _words(
    "An Bình Hòa Phú Tân Thạnh Long Vĩnh Đông Tây Nam Bắc Hưng Phước Thái Quang Minh Xuân Trung Hiệp Lộc Thuận "
    "Mỹ Hải Sơn Thành Định Lợi Nghĩa Hà"
)
"""Syllables of commune and ward names (Tân Phú, Hòa Bình …)."""
COMMITTEE_KINDS: Final = (("Đảng bộ xã", 6), ("Đảng bộ phường", 3), ("Đảng bộ Khối", 1))
"""Kinds of committee above grassroots level, with their weights."""


@attrs.frozen
class _Chunk:
    """One committee of a province: generated on its own, like the small example, in a shared id space."""

    committee: Unit
    shape: _Shape
    numbering: _Numbering
    seed: str


def _proportional(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights``, the remainder one by one at random: sums to ``total`` exactly."""
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for index in rng.choices(range(len(weights)), weights=weights, k=total - sum(counts)):
        counts[index] += 1
    return counts


def _committee_name(rng: random.Random) -> str:
    kind = rng.choices([k for k, _ in COMMITTEE_KINDS], weights=[w for _, w in COMMITTEE_KINDS])[0]
    first, second = rng.sample(PLACE_SYLLABLES, 2)
    return f"{kind} {first} {second}"


def _layout(size: str, seed: int) -> tuple[list[Unit], list[_Chunk]]:
    """The units above the committees and each committee's shape: cheap, drawn from a stream of its own."""
    scale = SCALES[size]
    rng = random.Random(f"{size}:{seed}:layout")  # noqa: S311 - synthetic data, not security
    above = [scale.root]
    parents = [scale.root.id]
    if scale.provinces:
        width = len(str(scale.provinces))
        above += [
            Unit(f"T{i:0{width}d}", f"Đảng bộ {name}", UnitKind.COMMITTEE, scale.root.id)
            for i, name in enumerate(PROVINCE_NAMES[: scale.provinces], start=1)
        ]
        parents = [u.id for u in above[1:]]
        per_parent = _split(rng, scale.committees, scale.provinces, 1)
        parent_of = [p for p, n in zip(parents, per_parent, strict=True) for _ in range(n)]
    else:
        parent_of = parents * scale.committees
    cells = _split(rng, scale.cells, scale.committees, FEWEST_COMMITTEE_CELLS)
    members = _proportional(rng, scale.members, [c * rng.uniform(1 - MEMBER_SPREAD, 1 + MEMBER_SPREAD) for c in cells])
    widths = _Numbering(
        grassroots_width=len(str(scale.cells // int(CELLS_PER_GRASSROOTS[0]))),
        cell_width=len(str(scale.cells)),
        member_width=len(str(scale.members)),
    )
    committee_width = len(str(scale.committees))
    chunks: list[_Chunk] = []
    grassroots_start = cell_start = member_start = 0
    for index, (parent, n_cells, n_members) in enumerate(zip(parent_of, cells, members, strict=True)):
        grassroots = min(len(GRASSROOTS_NAMES), max(2, round(n_cells / rng.uniform(*CELLS_PER_GRASSROOTS))))
        shape = _Shape(
            grassroots=grassroots,
            cells=n_cells,
            members=n_members,
            smallest_cell=SMALLEST_CELL,
            largest_cell=LARGEST_CELL,
            fewest_cells_per_grassroots=min(8, n_cells // (2 * grassroots)),
            created_cells=1 + (n_cells > FEWEST_COMMITTEE_CELLS * 3),
            dissolved_cells=1,
        )
        committee = Unit(f"K{index + 1:0{committee_width}d}", _committee_name(rng), UnitKind.COMMITTEE, parent)
        numbering = attrs.evolve(
            widths, grassroots_start=grassroots_start, cell_start=cell_start, member_start=member_start
        )
        chunks.append(_Chunk(committee, shape, numbering, f"{size}:{seed}:{index}"))
        grassroots_start += grassroots
        cell_start += n_cells
        member_start += n_members
    return above, chunks


def iter_example_bundles(size: BundleExampleSize = "province", *, seed: int = 0, year: int = 2025) -> BundleStream:
    """A synthetic province's or the country's records for ``year``, as cell bundles made one committee at a time.

    ``"province"``: about 500,000 members in 30,000 cells under 120 committees;
    ``"country"``: about 5.6 million members in 330,000 cells under 1,320
    committees in 34 provinces.  Each committee is made like the small example
    (its own grassroots organizations, cells, members, a year of meetings and
    attendance, assessments and last year's reviews, with the same kinds of
    imperfections), from a seed derived from ``seed``: the same arguments give
    the same bundles, and memory holds one committee, never the whole.  The
    header (every committee and grassroots organization) is planned first.
    ``"demo"`` and ``"small"`` give the bundles of `generate_example`.

    Write the stream with `write_bundles`; ``partyreview example --size province
    --out FILE`` does.

    Raises:
        InvalidArgumentError: ``size`` is unknown or ``year`` is outside 1931–2200.

    >>> stream = iter_example_bundles("province", seed=1)
    >>> len(stream.header.units) > 1000
    True
    >>> first = next(stream)
    >>> first.cell.id, first.header.unit(first.parent).kind.value
    ('C00001', 'grassroots')
    """
    if size in SHAPES:
        return dataset_bundles(generate_example(size, seed=seed, year=year))  # type: ignore[arg-type]
    if size not in SCALES:
        names = ", ".join(map(repr, [*SHAPES, *SCALES]))
        raise InvalidArgumentError(f"size must be one of {names} (got {size!r})")
    _check_year(year)
    above, chunks = _layout(size, seed)
    units = list(above)
    for chunk in chunks:
        planner = _Generator(chunk.shape, chunk.seed, year, committee=chunk.committee, numbering=chunk.numbering)
        planner.plan_units()
        units += [u for u in planner.units if not u.is_cell]
    header = BundleHeader(units)

    def bundles() -> Iterator[CellBundle]:
        for chunk in chunks:
            generator = _Generator(chunk.shape, chunk.seed, year, committee=chunk.committee, numbering=chunk.numbering)
            cells, members, meetings, assessments, reviews = generator.records()
            yield from split_records(cells, members, meetings, assessments, reviews, header=header)

    return BundleStream(header, bundles())
