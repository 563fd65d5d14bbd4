"""Cell-meeting cadence under Hướng dẫn 12-HD/BTCTW (06/07/2018).

References:
    - Điều lệ Đảng (2011), Điều 24 khoản 2 and Điều 22 khoản 6: a cell meets
      regularly once a month.
    - Hướng dẫn 12-HD/BTCTW (06/07/2018) "một số vấn đề về nâng cao chất lượng
      sinh hoạt chi bộ", §II: thematic meeting at least once a quarter, combined
      session ≥ 120 minutes, regular ≥ 90 minutes, a complete minute book.
      https://thuvienphapluat.vn/phap-luat/mau-bai-phat-bieu-tong-ket-cong-tac-dang-tai-sinh-hoat-chi-bo-truong-mam-non-to-chuc-co-so-dang-co--217706.html
    - Hướng dẫn 09-HD/BTCTW (02/03/2012): cell-meeting renewal tied to the
      Ho Chi Minh study movement.  One Ho Chi Minh thematic meeting a year is a
      product default (no national clause found), switchable.
    - Hướng dẫn 12-HD/BTCTW §II.3 criterion 1: a meeting reaches the quality bar
      with more than 85 % of members present, no unexcused absence, and no member
      excused more than 3 times in a row in the year (exempt members excluded);
      criterion 3: many members speak (no share given); §II.1.1: a member is
      assigned to prepare the thematic topic in writing.
    - Điều lệ Đảng Điều 8 khoản 1: a member who skips cell activity three months
      in a year without good reason is proposed for removal (cumulative
      calendar-year reading: product.md §6).
    - Formalism indicators (the secretary the only speaker, fewer than half of
      those present speaking, every member rated alike): product defaults drawn
      from the complaints of the sources ("bí thư chi bộ vẫn độc diễn", "bình quân
      chủ nghĩa"; Báo Hòa Bình on Đảng bộ Khối các cơ quan tỉnh Hòa Bình).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final

from .._periods import Period
from ._cadence import CadenceRuleSet

__all__ = ["HD12_2018"]

_REMOVAL_CITATION: Final = (
    "Điều lệ Đảng, Điều 8 khoản 1 (bỏ sinh hoạt chi bộ ba tháng trong năm mà không có lý do chính đáng); "
    "product reading: 3 or more calendar months of the year with an unexcused absence from a regular meeting"
)
_EGALITARIAN_CITATION: Final = (
    "No national clause; product default: 3 or more rated members of a cell all given one level. "
    "The sources criticise averaging (bình quân chủ nghĩa) in the year-end rating of members"
)

HD12_2018: Final = CadenceRuleSet(
    id="hd12-2018",
    title="Sinh hoạt chi bộ theo Hướng dẫn 12-HD/BTCTW (2018)",
    # In force from signature until HD 42-HD/BTCTW (28/10/2025) took over.
    effective=Period(dt.date(2018, 7, 6), dt.date(2025, 10, 27)),
    source="Điều lệ Đảng Điều 24.2; Hướng dẫn 12-HD/BTCTW ngày 06/07/2018",
    url="https://thuvienphapluat.vn/phap-luat/mau-bai-phat-bieu-tong-ket-cong-tac-dang-tai-sinh-hoat-chi-bo-truong-mam-non-to-chuc-co-so-dang-co--217706.html",
    thematic_per_quarter=1,  # HD 12 §II: "ít nhất mỗi quý 1 lần"
    min_minutes_regular=90,  # HD 12 §II.3
    min_minutes_combined=120,  # HD 12 §II.3: same session as the regular meeting
    hcm_topic_required=True,  # product default; HD 09-HD/BTCTW (2012) ties meetings to HCM study
    make_up_allowed=False,  # no national rule found for make-up meetings
    regular_citation="Điều lệ Đảng, Điều 24 khoản 2 (họp thường lệ mỗi tháng một lần)",
    thematic_citation="Hướng dẫn 12-HD/BTCTW (2018), mục II (sinh hoạt chuyên đề ít nhất mỗi quý 1 lần)",
    hcm_citation="Hướng dẫn 09-HD/BTCTW (2012); product default: one Ho Chi Minh thematic meeting a year",
    duration_citation="Hướng dẫn 12-HD/BTCTW (2018), mục II.3 (≥ 90 phút; ≥ 120 phút khi kết hợp chuyên đề)",
    minutes_citation="Hướng dẫn 12-HD/BTCTW (2018), mục II.3 tiêu chí 3 (sổ biên bản ghi đầy đủ)",
    make_up_citation="No national rule on make-up meetings; product default: none allowed",
    attendance_bar=Decimal("0.85"),  # HD 12 §II.3 criterion 1: "trên 85%", compared strictly
    unexcused_allowed=0,  # HD 12 §II.3 criterion 1: no member absent without reason
    attendance_citation=(
        "Hướng dẫn 12-HD/BTCTW (2018), mục II.3 tiêu chí 1 "
        "(trên 85% đảng viên tham dự; không có đảng viên vắng mặt không có lý do)"
    ),
    max_consecutive_excused=3,  # HD 12 §II.3 criterion 1: not more than 3 times in a row in the year
    excused_run_citation=(
        "Hướng dẫn 12-HD/BTCTW (2018), mục II.3 tiêu chí 1 "
        "(không có đảng viên vắng mặt có lý do quá 3 lần liên tiếp trong năm)"
    ),
    removal_unexcused_months=3,  # Charter art. 8.1; cumulative calendar-year reading is product.md §6
    removal_citation=_REMOVAL_CITATION,
    min_speaking_share=Decimal("0.5"),  # product default: HD 12 asks "many members speak", no share given
    secretary_only_speaker_share=Decimal("0.5"),  # product default: "most meetings" = more than half
    speaking_citation=(
        "Hướng dẫn 12-HD/BTCTW (2018), mục II.3 tiêu chí 3 (nhiều đảng viên tham gia phát biểu; "
        "no share set nationally); product default: at least half of those present speak, "
        "and the chair is not the only speaker in more than half of the meetings"
    ),
    presenter_citation=(
        "Hướng dẫn 12-HD/BTCTW (2018), mục II.1.1 (phân công đảng viên có khả năng chuẩn bị chuyên đề bằng văn bản)"
    ),
    egalitarian_min_rated=3,  # product default: a cell of one or two rated members proves nothing
    egalitarian_citation=_EGALITARIAN_CITATION,
)
"""Cadence rules of HD 12-HD/BTCTW, in force 06/07/2018 – 27/10/2025."""
