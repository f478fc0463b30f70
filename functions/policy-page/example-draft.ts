/**
 * The draft the policy page starts with, as text a policy officer edits: the national minimum basic
 * pension (basic-pension.national-minimum, 163.00 in ruleset 2026.2) raised by 20 yuan to 183.00
 * from a date. The page offers it from 2027-01-01; the browser test and the replay benchmark take
 * it from 2026-07-01, inside the months they replay.
 */
export function nationalMinimumDraft(
  from: string,
  { purpose = '测算', note = '测算草案', reason = '拟议调整，尚未发布' } = {},
): string {
  const [year, month] = from.split('-');
  return `base: "2026.2"
description: 全国基础养老金最低标准自${year}年${Number(month)}月起提高20元（${purpose}）
changes:
  - parameter: basic-pension.national-minimum
    area: national
    values:
      - from: "${from}"
        value: "183.00"
        source:
          note: ${note}
        provisional: true
        reason: ${reason}
`;
}
