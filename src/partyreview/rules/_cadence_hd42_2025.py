"""Cell-meeting cadence under Chỉ thị 50-CT/TW (23/07/2025) and Hướng dẫn 42-HD/BTCTW (28/10/2025).

References:
    - Điều lệ Đảng (2011), Điều 24 khoản 2: a cell meets once a month.
    - Chỉ thị 50-CT/TW (23/07/2025) §2: thematic meeting at least once a quarter,
      topics tied to studying and following Ho Chi Minh's thought, ethics and style.
      https://thuvienphapluat.vn/phap-luat/mau-bien-ban-sinh-hoat-chuyen-de-chi-bo-ve-giao-duc-truyen-thong-cach-mang-lich-su-truyen-thong-cua-412410-240099.html
    - Hướng dẫn 42-HD/BTCTW (28/10/2025): regular meeting ≥ 90 minutes, ≥ 120
      when combined with the thematic meeting.
      https://luatvietnam.vn/tin-van-ban-moi/thoi-luong-sinh-hoat-chi-bo-toi-thieu-90-phut-186-105065-article.html
    - Meeting quality (more than 85 % present, no unexcused absence, no member
      excused more than 3 times in a row; many members speak; a member assigned
      to the thematic topic): Hướng dẫn 12-HD/BTCTW (2018) §II.3 and §II.1.1,
      kept as product defaults: whether HD 42 keeps them is unconfirmed (its full
      text was not retrieved).
    - Điều lệ Đảng Điều 8 khoản 1: three months in a year of skipped cell activity
      without good reason → proposed for removal (cumulative calendar-year reading:
      product.md §6).
    - Formalism indicators: product defaults drawn from the complaints of the
      sources ("bí thư chi bộ vẫn độc diễn", "bình quân chủ nghĩa").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final

from .._periods import Period
from ._cadence import CadenceRuleSet

__all__ = ["HD42_2025"]

_KEPT_FROM_HD12: Final = "; kept as product default under HD 42 (whether HD 42 keeps it is unconfirmed)"

HD42_2025: Final = CadenceRuleSet(
    id="hd42-2025",
    title="Sinh hoạt chi bộ theo Chỉ thị 50-CT/TW và Hướng dẫn 42-HD/BTCTW (2025)",
    effective=Period(dt.date(2025, 10, 28)),  # HD 42 signed 28/10/2025, open-ended
    source="Điều lệ Đảng Điều 24.2; Chỉ thị 50-CT/TW ngày 23/07/2025; Hướng dẫn 42-HD/BTCTW ngày 28/10/2025",
    url="https://luatvietnam.vn/tin-van-ban-moi/thoi-luong-sinh-hoat-chi-bo-toi-thieu-90-phut-186-105065-article.html",
    thematic_per_quarter=1,  # CT 50 §2
    min_minutes_regular=90,  # HD 42
    min_minutes_combined=120,  # HD 42: "trong cùng một buổi, thời gian sinh hoạt tối thiểu là 120 phút"
    hcm_topic_required=True,  # CT 50 §2 ties thematic topics to Ho Chi Minh study
    make_up_allowed=False,  # no national rule found for make-up meetings
    regular_citation="Điều lệ Đảng, Điều 24 khoản 2 (họp thường lệ mỗi tháng một lần)",
    thematic_citation="Chỉ thị 50-CT/TW (2025), mục 2 (sinh hoạt chuyên đề ít nhất mỗi quý 1 lần)",
    hcm_citation=(
        "Chỉ thị 50-CT/TW (2025), mục 2 ties thematic topics to studying and following Ho Chi Minh; "
        "product default: one Ho Chi Minh thematic meeting a year (no national clause found)"
    ),
    duration_citation="Hướng dẫn 42-HD/BTCTW (2025) (≥ 90 phút; ≥ 120 phút khi kết hợp chuyên đề)",
    minutes_citation=(
        "Hướng dẫn 12-HD/BTCTW (2018), mục II.3 tiêu chí 3 (sổ biên bản ghi đầy đủ); "
        "kept as product default under HD 42 (its full text was not retrieved)"
    ),
    make_up_citation="No national rule on make-up meetings; product default: none allowed",
    attendance_bar=Decimal("0.85"),  # HD 12 §II.3 criterion 1, kept: HD 42 text not retrieved
    unexcused_allowed=0,  # HD 12 §II.3 criterion 1, kept
    attendance_citation=(
        "Hướng dẫn 12-HD/BTCTW (2018), mục II.3 tiêu chí 1 "
        "(trên 85% đảng viên tham dự; không có đảng viên vắng mặt không có lý do)" + _KEPT_FROM_HD12
    ),
    max_consecutive_excused=3,  # HD 12 §II.3 criterion 1, kept
    excused_run_citation=(
        "Hướng dẫn 12-HD/BTCTW (2018), mục II.3 tiêu chí 1 "
        "(không có đảng viên vắng mặt có lý do quá 3 lần liên tiếp trong năm)" + _KEPT_FROM_HD12
    ),
    removal_unexcused_months=3,  # Charter art. 8.1; cumulative calendar-year reading is product.md §6
    removal_citation=(
        "Điều lệ Đảng, Điều 8 khoản 1 (bỏ sinh hoạt chi bộ ba tháng trong năm mà không có lý do chính đáng); "
        "product reading: 3 or more calendar months of the year with an unexcused absence from a regular meeting"
    ),
    min_speaking_share=Decimal("0.5"),  # product default: no national share found
    secretary_only_speaker_share=Decimal("0.5"),  # product default: "most meetings" = more than half
    speaking_citation=(
        "Hướng dẫn 12-HD/BTCTW (2018), mục II.3 tiêu chí 3 (nhiều đảng viên tham gia phát biểu; "
        "no share set nationally); product default: at least half of those present speak, "
        "and the chair is not the only speaker in more than half of the meetings"
    ),
    presenter_citation=(
        "Hướng dẫn 12-HD/BTCTW (2018), mục II.1.1 (phân công đảng viên có khả năng chuẩn bị chuyên đề bằng văn bản)"
        + _KEPT_FROM_HD12
    ),
    egalitarian_min_rated=3,  # product default: a cell of one or two rated members proves nothing
    egalitarian_citation=(
        "No national clause; product default: 3 or more rated members of a cell all given one level. "
        "The sources criticise averaging (bình quân chủ nghĩa) in the year-end rating of members"
    ),
)
"""Cadence rules of CT 50-CT/TW and HD 42-HD/BTCTW, in force from 28/10/2025."""
