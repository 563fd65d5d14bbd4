"""Annual rating under Quy định 132-QĐ/TW (08/03/2018) with HD 16 (2018) and HD 21-HD/BTCTW (2019).

References:
    - Quy định 132-QĐ/TW (08/03/2018); Hướng dẫn 21-HD/BTCTW (18/10/2019), which
      replaced HD 16-HD/BTCTW (24/09/2018).
      https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/Huong-dan-16-HD-BTCTW-2018-kiem-diem-danh-gia-chat-luong-to-chuc-dang-dang-vien-can-bo-396122.aspx
    - HD 21 §B.2.3: excellent ≤ 20 % of members rated good, within each
      grassroots party organization; §B.2.3d: disciplined in the year (one
      violation counted once), degradation, < 50 % of tasks → not complete.
    - HD 21 §B.1.3: an excellent cell needs 100 % of members at complete or above
      and ≥ 80 % at good or above; a good cell ≥ 50 %.
    - Criteria were graded (Xuất sắc / Tốt / Trung bình / Kém), without points:
      the level starts from the proposed level.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final

from .._periods import Period
from ._rating import DisciplineEffect, RatingRuleSet, Regime

__all__ = ["QD132_2018"]

QD132_2018: Final = RatingRuleSet(
    id="qd132-2018",
    title="Đánh giá, xếp loại theo Quy định 132-QĐ/TW (2018) và Hướng dẫn 21-HD/BTCTW",
    effective=Period(dt.date(2018, 3, 8), dt.date(2023, 10, 3)),  # until QĐ 124 (04/10/2023)
    source="Quy định 132-QĐ/TW ngày 08/03/2018; Hướng dẫn 16-HD/BTCTW (2018) và 21-HD/BTCTW ngày 18/10/2019",
    regime=Regime.QD132,
    url="https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/Huong-dan-16-HD-BTCTW-2018-kiem-diem-danh-gia-chat-luong-to-chuc-dang-dang-vien-can-bo-396122.aspx",
    exclude_exempt=True,  # HD 16
    exclude_suspended=True,  # added by HD 21
    new_member_months=None,  # no such exclusion found before QĐ 366
    scored=False,
    check_task_conditions=False,
    not_done_max=Decimal("0.50"),  # HD 21 §B.2.3d: completes < 50 % of tasks
    discipline_effect=DisciplineEffect.NOT_COMPLETE,  # HD 21 §B.2.3d
    cases_mitigable=False,
    cell_from_members=True,  # HD 21 §B.1.3
    cell_excellent_min_good_share=Decimal("0.80"),
    cell_good_min_good_share=Decimal("0.50"),
    quota_ratio=Decimal("0.20"),  # HD 21 §B.2.3
    quota_exception_ratio=Decimal("0.20"),  # no exception in this regime
    quota_for_units=False,  # for organizations "the competent level decides the number"
    exclusion_citation="Hướng dẫn 16-HD/BTCTW (2018); Hướng dẫn 21-HD/BTCTW (2019) (không đánh giá đảng viên miễn sinh hoạt, đình chỉ sinh hoạt)",
    band_citation="Quy định 132-QĐ/TW; Hướng dẫn 21-HD/BTCTW mục B.2 (mức xếp loại đề xuất)",
    conditions_citation="Hướng dẫn 21-HD/BTCTW mục B.2",
    cases_citation="Hướng dẫn 21-HD/BTCTW mục B.2.3 điểm d (không hoàn thành nhiệm vụ)",
    discipline_citation="Hướng dẫn 21-HD/BTCTW mục B.2.3 điểm d (bị kỷ luật trong năm, một vi phạm chỉ tính một lần)",
    cell_citation="Hướng dẫn 21-HD/BTCTW mục B.1.3 (100% đảng viên từ HTNV, ≥ 80% / ≥ 50% từ HTTNV)",
    quota_citation="Hướng dẫn 21-HD/BTCTW mục B.2.3 (HTXSNV ≤ 20% số HTTNV trong từng tổ chức cơ sở đảng)",
)
"""Rating under QĐ 132-QĐ/TW, in force 08/03/2018 – 03/10/2023 (reviews of 2018–2022)."""
