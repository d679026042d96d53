/**
 * How the community office sorts what residents say. 议题 feeds the 提-议-决-做-评 cycle: a topic
 * goes to the residents' meeting held on the 15th of each month.
 */
export type CategoryId = 'suggestion' | 'help' | 'complaint' | 'praise' | 'topic';

export interface Label {
  zh: string;
  en: string;
}

export interface QuickPhrase extends Label {
  id: string;
}

export interface Category {
  id: CategoryId;
  label: Label;
  phrases: readonly QuickPhrase[];
}

export const categories: readonly Category[] = [
  {
    id: 'suggestion',
    label: { zh: '意见建议', en: 'Suggestion' },
    phrases: [
      { id: 'more-trips', zh: '希望增加班次', en: 'Please run more trips' },
      { id: 'new-stop', zh: '建议增设停靠点', en: 'Please add a stop' },
      { id: 'more-services', zh: '希望增加服务项目', en: 'Please offer more services on board' },
      { id: 'timetable', zh: '希望公布时刻表', en: 'Please publish the timetable' },
    ],
  },
  {
    id: 'help',
    label: { zh: '求助', en: 'Help request' },
    phrases: [
      { id: 'elderly-home', zh: '家中老人需要帮助', en: 'An elderly family member needs help' },
      { id: 'paperwork', zh: '不会办理手续', en: 'I need help with paperwork' },
      { id: 'repair', zh: '小区设施需要维修', en: 'Something in the compound needs repair' },
      { id: 'call-me', zh: '请工作人员联系我', en: 'Please ask staff to contact me' },
    ],
  },
  {
    id: 'complaint',
    label: { zh: '投诉', en: 'Complaint' },
    phrases: [
      { id: 'late', zh: '车辆未按时到站', en: 'The bus did not arrive on time' },
      { id: 'skipped-stop', zh: '车辆未停靠', en: 'The bus did not stop' },
      { id: 'long-wait', zh: '等候时间太长', en: 'The wait was too long' },
      { id: 'attitude', zh: '服务态度不好', en: 'Staff were unfriendly' },
    ],
  },
  {
    id: 'praise',
    label: { zh: '表扬', en: 'Praise' },
    phrases: [
      { id: 'helpful-staff', zh: '工作人员热情周到', en: 'The staff were warm and helpful' },
      { id: 'convenient', zh: '家门口办事真方便', en: 'Getting things done near home is convenient' },
      { id: 'driver', zh: '司机师傅开车平稳', en: 'The driver drives smoothly' },
    ],
  },
  {
    id: 'topic',
    label: { zh: '议题', en: 'Topic for the residents\u2019 meeting' },
    phrases: [
      { id: 'parking', zh: '小区停车难', en: 'Parking in the compound' },
      { id: 'ebike-charging', zh: '电动车充电', en: 'E-bike charging' },
      { id: 'greening', zh: '小区绿化与环境', en: 'Greenery and the environment' },
      { id: 'elderly-canteen', zh: '老年食堂', en: 'A canteen for older residents' },
    ],
  },
];

export function findCategory(id: string): Category | undefined {
  return categories.find((c) => c.id === id);
}

/** The residents' meeting day a topic raised on `day` goes to: the 15th, this month or next. */
export function meetingDayFor(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const next = date <= 15 ? new Date(Date.UTC(year, month - 1, 15)) : new Date(Date.UTC(year, month, 15));
  return next.toISOString().slice(0, 10);
}
