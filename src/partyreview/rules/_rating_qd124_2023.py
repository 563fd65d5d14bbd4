"""Annual rating under Quy định 124-QĐ/TW (04/10/2023) with HD 25-HD/BTCTW (10/11/2023).

References:
    - Quy định 124-QĐ/TW (04/10/2023) Điều 12; Hướng dẫn 25-HD/BTCTW (10/11/2023).
      https://hieuluat.vn/hanh-chinh/huong-dan-25-hd-btctw-ban-to-chuc-ban-chap-hanh-trung-uong-43683.html
    - Điều 12 khoản 4 điểm 4.3(d): disciplined in the year → not complete, except
      when self-detected and its consequences fully remedied.
    - The 20 %-of-good quota is reported continuously across versions; the exact
      v2 criteria and the collective thresholds were not retrieved (UNCONFIRMED),
      so cells keep their proposed level, capped by discipline.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final

from .._periods import Period
from ._rating import DisciplineEffect, RatingRuleSet, Regime

__all__ = ["QD124_2023"]

QD124_2023: Final = RatingRuleSet(
    id="qd124-2023",
    title="Đánh giá, xếp loại theo Quy định 124-QĐ/TW (2023) và Hướng dẫn 25-HD/BTCTW",
    effective=Period(dt.date(2023, 10, 4), dt.date(2025, 8, 29)),  # until QĐ 366 (30/08/2025)
    source="Quy định 124-QĐ/TW ngày 04/10/2023; Hướng dẫn 25-HD/BTCTW ngày 10/11/2023",
    regime=Regime.QD124,
    url="https://hieuluat.vn/hanh-chinh/huong-dan-25-hd-btctw-ban-to-chuc-ban-chap-hanh-trung-uong-43683.html",
    exclude_exempt=True,
    exclude_suspended=True,
    new_member_months=None,  # UNCONFIRMED before QĐ 366
    scored=False,
    check_task_conditions=False,
    not_done_max=Decimal("0.50"),
    discipline_effect=DisciplineEffect.NOT_COMPLETE_UNLESS_MITIGATED,  # Điều 12.4.3(d)
    cases_mitigable=False,
    cell_from_members=False,  # v2 collective thresholds UNCONFIRMED
    quota_ratio=Decimal("0.20"),
    quota_exception_ratio=Decimal("0.20"),
    quota_for_units=False,
    exclusion_citation="Quy định 124-QĐ/TW; Hướng dẫn 25-HD/BTCTW (không đánh giá đảng viên miễn sinh hoạt, đình chỉ sinh hoạt)",
    band_citation="Quy định 124-QĐ/TW Điều 12 (mức xếp loại đề xuất)",
    conditions_citation="Quy định 124-QĐ/TW Điều 12",
    cases_citation="Quy định 124-QĐ/TW Điều 12 khoản 4",
    discipline_citation="Quy định 124-QĐ/TW Điều 12 khoản 4 điểm 4.3(d) (bị kỷ luật trong năm, trừ trường hợp tự phát hiện và khắc phục)",
    cell_citation="Quy định 124-QĐ/TW Điều 12",
    quota_citation="Quy định 124-QĐ/TW Điều 12 (HTXSNV ≤ 20% số HTTNV)",
)
"""Rating under QĐ 124-QĐ/TW, in force 04/10/2023 – 29/08/2025 (reviews of 2023–2024)."""
