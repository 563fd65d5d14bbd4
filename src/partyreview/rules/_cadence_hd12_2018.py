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
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from .._periods import Period
from ._cadence import CadenceRuleSet

__all__ = ["HD12_2018"]

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
)
"""Cadence rules of HD 12-HD/BTCTW, in force 06/07/2018 – 27/10/2025."""
