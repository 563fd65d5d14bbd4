"""Annual rating under Quy định 366-QĐ/TW (30/08/2025) with HD 43-HD/BTCTW (31/10/2025).

References:
    - Quy định 366-QĐ/TW (30/08/2025), Điều 5 (who is rated), Điều 10 (100 points:
      30 general + 70 tasks), Điều 11 (levels, conditions, listed cases, quota).
      https://thuviennhadat.vn/phap-luat/huong-dan-xep-loai-chat-luong-dang-vien-nam-2025-theo-quy-dinh-366-724383.html
    - Bands: excellent ≥ 90, good 70 – < 90, complete 50 – < 70, not complete < 50.
    - Excellent: 100 % of tasks on time with quality, ≥ 30 % exceeded, 100 % of the
      previous review's shortcomings remedied; a collective also needs no member of
      its leadership disciplined.  Good: 100 % on time.  Complete: 100 % done,
      ≤ 20 % behind schedule.
    - Not complete: disciplined for a duty-related violation, concluded
      degradation, > 50 % of the year's tasks not done; mitigation (force majeure,
      self-detected and remedied) lets the competent level decide otherwise.
    - Quota (Điều 11 điểm 1.5): excellent ≤ 20 % of good per group of comparable
      subjects; ≤ 25 % by exception.
    - Not rated: exempt, suspended, admitted less than 6 months (Điều 5).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final

from .._periods import Period
from ._rating import DisciplineEffect, RatingRuleSet, Regime

__all__ = ["QD366_2025"]

QD366_2025: Final = RatingRuleSet(
    id="qd366-2025",
    title="Đánh giá, xếp loại theo Quy định 366-QĐ/TW (2025) và Hướng dẫn 43-HD/BTCTW",
    effective=Period(dt.date(2025, 8, 30)),  # signed and effective 30/08/2025 (Điều 19)
    source="Quy định 366-QĐ/TW ngày 30/08/2025; Hướng dẫn 43-HD/BTCTW ngày 31/10/2025",
    regime=Regime.QD366,
    url="https://thuviennhadat.vn/phap-luat/huong-dan-xep-loai-chat-luong-dang-vien-nam-2025-theo-quy-dinh-366-724383.html",
    exclude_exempt=True,
    exclude_suspended=True,
    new_member_months=6,  # Điều 5: "mới kết nạp chưa đủ 6 tháng"; reference day a product default
    scored=True,
    excellent_min=Decimal(90),
    good_min=Decimal(70),
    complete_min=Decimal(50),
    check_task_conditions=True,
    excellent_min_exceeded=Decimal("0.30"),
    complete_max_behind=Decimal("0.20"),
    not_done_max=Decimal("0.50"),
    excellent_needs_prior_fixed=True,  # Điều 11 điểm 1.4
    discipline_effect=DisciplineEffect.NOT_COMPLETE_UNLESS_MITIGATED,
    cases_mitigable=True,
    cell_from_members=False,
    cell_excellent_needs_clean_leadership=True,
    quota_ratio=Decimal("0.20"),
    quota_exception_ratio=Decimal("0.25"),  # Điều 11 điểm 1.5
    quota_for_units=True,
    exclusion_citation="Quy định 366-QĐ/TW Điều 5 (không đánh giá đảng viên miễn sinh hoạt, đình chỉ sinh hoạt, mới kết nạp chưa đủ 6 tháng)",
    band_citation="Quy định 366-QĐ/TW Điều 10, Điều 11 (≥ 90; 70 – < 90; 50 – < 70; < 50 điểm)",
    conditions_citation="Quy định 366-QĐ/TW Điều 11 (100% nhiệm vụ đúng tiến độ; ≥ 30% vượt; ≤ 20% chậm; khắc phục 100% hạn chế)",
    cases_citation="Quy định 366-QĐ/TW Điều 11 khoản 4 (không hoàn thành nhiệm vụ)",
    discipline_citation="Quy định 366-QĐ/TW Điều 11 khoản 4 (bị kỷ luật do vi phạm liên quan đến thực thi nhiệm vụ)",
    cell_citation="Quy định 366-QĐ/TW Điều 11 khoản 1 (không có thành viên tập thể lãnh đạo bị kỷ luật)",
    quota_citation="Quy định 366-QĐ/TW Điều 11 điểm 1.5 (HTXSNV ≤ 20% số HTTNV; ≤ 25% khi có thành tích nổi trội)",
)
"""Rating under QĐ 366-QĐ/TW, in force from 30/08/2025 (reviews of 2025 onward)."""
