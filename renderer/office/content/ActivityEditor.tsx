import { useState } from 'react';
import { beijingClock, beijingDate } from '../../shared/beijing-time.ts';
import { checkDraft } from './check.ts';
import { Field, GeneralProblems, problemsAt, type Problems } from './FormField.tsx';

type Bilingual = { zh: string; en?: string };
/** An activity as the bus's activity-schedule schema takes it (src/sync/content.ts). */
export interface Activity {
  id: string;
  title: Bilingual;
  start: string;
  end?: string;
  place?: Bilingual;
  description?: Bilingual;
}

interface Draft extends Record<string, string> {
  titleZh: string;
  titleEn: string;
  day: string;
  startTime: string;
  endTime: string;
  placeZh: string;
  descriptionZh: string;
}

const blank: Draft = { titleZh: '', titleEn: '', day: '', startTime: '', endTime: '', placeZh: '', descriptionZh: '' };
/** The form's field for each path of an activity the bus's schema may complain about. */
const fields = { 'title.zh': 'titleZh', title: 'titleZh', 'title.en': 'titleEn', start: 'startTime', end: 'endTime', place: 'placeZh', description: 'descriptionZh' };

/** Beijing wall-clock day and time of an instant: "2026-12-07", "09:00". */
const localDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
const toDraft = (a: Activity): Draft => ({
  titleZh: a.title.zh,
  titleEn: a.title.en ?? '',
  day: localDay(a.start),
  startTime: beijingClock(a.start),
  endTime: a.end ? beijingClock(a.end) : '',
  placeZh: a.place?.zh ?? '',
  descriptionZh: a.description?.zh ?? '',
});
const at = (day: string, time: string) => `${day}T${time}:00+08:00`;
function toActivity(d: Draft, id: string): Activity {
  const text = (zh: string, en = '') => (zh.trim() ? { zh: zh.trim(), ...(en.trim() ? { en: en.trim() } : {}) } : undefined);
  return {
    id,
    title: { zh: d.titleZh.trim(), ...(d.titleEn.trim() ? { en: d.titleEn.trim() } : {}) },
    start: at(d.day, d.startTime),
    ...(d.endTime ? { end: at(d.day, d.endTime) } : {}),
    ...(text(d.placeZh) ? { place: text(d.placeZh) } : {}),
    ...(text(d.descriptionZh) ? { description: text(d.descriptionZh) } : {}),
  };
}

/**
 * The activity schedule as staff edit it: the activities day by day like a calendar, each editable or
 * deletable, and a form for title, day, time, place and description. Publishing sends the schedule.
 */
export function ActivityEditor({ activities, onChange }: { activities: Activity[]; onChange: (activities: Activity[], said: string) => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problems, setProblems] = useState<Problems>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [deleting, setDeleting] = useState<string | null>(null);
  const open = (a: Activity | null) => {
    setEditing(a?.id ?? null);
    setDraft(a ? toDraft(a) : blank);
    setProblems({});
    setGeneral([]);
  };
  async function save() {
    if (!draft) return;
    const activity = toActivity(draft, editing ?? `activity-${Date.now().toString(36)}`);
    const index = editing === null ? activities.length : activities.findIndex((a) => a.id === editing);
    const next = editing === null ? [...activities, activity] : activities.map((a) => (a.id === editing ? activity : a));
    const found = problemsAt(await checkDraft('activity-schedule', { activities: next }), ['activities', index], fields);
    // Without a day the start cannot be read at all: say so beside the day.
    if (!draft.day && found.problems.startTime) found.problems = { ...found.problems, day: '请选择日期。', startTime: draft.startTime ? undefined : '请填写开始时间。' };
    setProblems(found.problems);
    setGeneral(found.general);
    if (Object.values(found.problems).some(Boolean) || found.general.length > 0) return;
    onChange(next, `活动“${activity.title.zh}”已${editing === null ? '加入' : '改入'}草稿，发布后车辆可见。`);
    setDraft(null);
  }
  const byDay = new Map<string, Activity[]>();
  for (const a of [...activities].sort((x, y) => Date.parse(x.start) - Date.parse(y.start))) byDay.set(localDay(a.start), [...(byDay.get(localDay(a.start)) ?? []), a]);
  return (
    <div className="list-editor">
      <section className="calendar" aria-label={`活动日程（${activities.length} 项）`} data-testid="activities">
        <h3>活动日程（{activities.length} 项）</h3>
        {activities.length === 0 && <p>还没有活动。</p>}
        {[...byDay].map(([day, list]) => (
          <div key={day} className="calendar-day">
            <h4>{beijingDate(list[0]!.start, 'zh')}</h4>
            <ul>
              {list.map((a) => (
                <li key={a.id} data-testid={`activity-${a.title.zh}`}>
                  <span className="time">{a.end ? `${beijingClock(a.start)}–${beijingClock(a.end)}` : beijingClock(a.start)}</span>
                  <span className="what">
                    <strong>{a.title.zh}</strong>
                    {a.place && ` · ${a.place.zh}`}
                    {a.description && <span className="description">{a.description.zh}</span>}
                  </span>
                  <span className="actions">
                    <button type="button" onClick={() => open(a)} aria-label={`编辑“${a.title.zh}”`}>
                      编辑
                    </button>
                    {deleting === a.id ? (
                      <button type="button" className="danger" onClick={() => (onChange(activities.filter((x) => x.id !== a.id), `活动“${a.title.zh}”已从草稿删除，发布后车辆上也删除。`), setDeleting(null))}>
                        确认删除
                      </button>
                    ) : (
                      <button type="button" className="secondary" onClick={() => setDeleting(a.id)} aria-label={`删除“${a.title.zh}”`}>
                        删除
                      </button>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>
      {!draft && (
        <button type="button" onClick={() => open(null)}>
          新建活动
        </button>
      )}
      {draft && (
        <form className="article" aria-label={editing === null ? '新建活动' : '编辑活动'} noValidate onSubmit={(e) => (e.preventDefault(), void save())}>
          <h3>{editing === null ? '新建活动' : `编辑活动“${draft.titleZh}”`}</h3>
          <Field form="activity" name="titleZh" label="中文名称" draft={draft} problems={problems} onChange={setDraft} />
          <Field form="activity" name="titleEn" label="英文名称（可不填）" draft={draft} problems={problems} onChange={setDraft} lang="en" />
          <Field form="activity" name="day" label="日期" type="date" draft={draft} problems={problems} onChange={setDraft} />
          <Field form="activity" name="startTime" label="开始时间" type="time" draft={draft} problems={problems} onChange={setDraft} />
          <Field form="activity" name="endTime" label="结束时间（可不填）" type="time" draft={draft} problems={problems} onChange={setDraft} />
          <Field form="activity" name="placeZh" label="地点" draft={draft} problems={problems} onChange={setDraft} />
          <Field form="activity" name="descriptionZh" label="说明" draft={draft} problems={problems} onChange={setDraft} multiline />
          <GeneralProblems general={general} />
          <div className="form-actions">
            <button type="submit">保存到草稿</button>
            <button type="button" className="secondary" onClick={() => setDraft(null)}>
              取消
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
