import { useState } from 'react';
import { checkDraft } from './check.ts';
import { Field, GeneralProblems, problemsAt, type Problems } from './FormField.tsx';

type Bilingual = { zh: string; en: string };
/** The service catalogue as the bus's desk takes it (src/services/desk/catalogue.ts). */
export interface CatalogueItem {
  id: string;
  name: Bilingual;
  documents: Bilingual[];
  serviceMinutes: number;
  followUp: 'small' | 'large' | 'hard';
}
export interface CatalogueCategory {
  id: string;
  prefix: string;
  name: Bilingual;
  items: CatalogueItem[];
}

/** The community's 7135 rule: the working days the office has for what the bus could not finish. */
export const followUpWords: Record<CatalogueItem['followUp'], string> = { small: '小事（1 个工作日）', large: '大事（3 个工作日）', hard: '难事（5 个工作日）' };

interface Draft extends Record<string, string> {
  id: string;
  nameZh: string;
  nameEn: string;
  category: string;
  followUp: string;
  documents: string;
  serviceMinutes: string;
}

const fields = { id: 'id', name: 'nameZh', 'name.zh': 'nameZh', 'name.en': 'nameEn', documents: 'documents', serviceMinutes: 'serviceMinutes', followUp: 'followUp' };
const toDraft = (item: CatalogueItem, category: string): Draft => ({
  id: item.id,
  nameZh: item.name.zh,
  nameEn: item.name.en,
  category,
  followUp: item.followUp,
  documents: item.documents.map((d) => `${d.zh} / ${d.en}`).join('\n'),
  serviceMinutes: String(item.serviceMinutes),
});
/** One material a line, "中文 / English". */
const toItem = (d: Draft): CatalogueItem => ({
  id: d.id.trim(),
  name: { zh: d.nameZh.trim(), en: d.nameEn.trim() },
  documents: d.documents
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [zh = '', ...en] = line.split(/\s*\/\s*/);
      return { zh, en: en.join(' / ') };
    }),
  serviceMinutes: d.serviceMinutes.trim() === '' ? Number.NaN : Number(d.serviceMinutes),
  followUp: d.followUp as CatalogueItem['followUp'],
});

/**
 * The service catalogue as staff edit it: each category's items with their 7135 class, materials and
 * service time, each editable or deletable, and a form for one item. Publishing sends the catalogue.
 */
export function CatalogueEditor({ categories, onChange }: { categories: CatalogueCategory[]; onChange: (categories: CatalogueCategory[], said: string) => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problems, setProblems] = useState<Problems>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [deleting, setDeleting] = useState<string | null>(null);
  const open = (item: CatalogueItem | null, category = categories[0]?.id ?? '') => {
    setEditing(item?.id ?? null);
    setDraft(item ? toDraft(item, category) : { id: '', nameZh: '', nameEn: '', category, followUp: 'small', documents: '', serviceMinutes: '10' });
    setProblems({});
    setGeneral([]);
  };
  async function save() {
    if (!draft) return;
    const item = toItem(draft);
    // Out of its old place (an edit may move it to another category), then into its category.
    const without = categories.map((c) => ({ ...c, items: c.items.filter((i) => i.id !== editing || editing === null) }));
    const next = without.map((c) => {
      if (c.id !== draft.category) return c;
      const old = categories.find((o) => o.id === c.id)!.items.findIndex((i) => i.id === editing);
      const items = [...c.items];
      if (editing !== null && old >= 0) items.splice(old, 0, item);
      else items.push(item);
      return { ...c, items };
    });
    const ci = next.findIndex((c) => c.id === draft.category);
    const ii = ci >= 0 ? next[ci]!.items.indexOf(item) : -1;
    const found = problemsAt(await checkDraft('service-catalogue', { categories: next }), ['categories', ci, 'items', ii], fields);
    setProblems(found.problems);
    setGeneral(found.general);
    if (Object.keys(found.problems).length > 0 || found.general.length > 0) return;
    onChange(next, `服务事项“${item.name.zh}”已${editing === null ? '加入' : '改入'}草稿，发布后车辆可见。`);
    setDraft(null);
  }
  function remove(category: CatalogueCategory, item: CatalogueItem) {
    setDeleting(null);
    if (category.items.length === 1) return onChange(categories, `“${item.name.zh}”是“${category.name.zh}”类唯一的事项，每类至少留一项，未删除。`);
    onChange(
      categories.map((c) => (c.id === category.id ? { ...c, items: c.items.filter((i) => i.id !== item.id) } : c)),
      `服务事项“${item.name.zh}”已从草稿删除，发布后车辆上也删除。`,
    );
  }
  return (
    <div className="list-editor">
      {categories.map((c) => (
        <table key={c.id} data-testid={`category-${c.id}`}>
          <caption>
            {c.name.zh}（号码以 {c.prefix} 开头，{c.items.length} 项）
          </caption>
          <thead>
            <tr>
              <th scope="col">服务事项</th>
              <th scope="col">7135 分类</th>
              <th scope="col">所需材料</th>
              <th scope="col">预计办理时长</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {c.items.map((i) => (
              <tr key={i.id} data-testid={`item-${i.id}`}>
                <td>{i.name.zh}</td>
                <td>{followUpWords[i.followUp]}</td>
                <td>{i.documents.map((d) => d.zh).join('、') || '无'}</td>
                <td>{i.serviceMinutes} 分钟</td>
                <td className="actions">
                  <button type="button" onClick={() => open(i, c.id)} aria-label={`编辑“${i.name.zh}”`}>
                    编辑
                  </button>
                  {deleting === i.id ? (
                    <button type="button" className="danger" onClick={() => remove(c, i)}>
                      确认删除
                    </button>
                  ) : (
                    <button type="button" className="secondary" onClick={() => setDeleting(i.id)} aria-label={`删除“${i.name.zh}”`}>
                      删除
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      {!draft && (
        <button type="button" onClick={() => open(null)}>
          新建服务事项
        </button>
      )}
      {draft && (
        <form className="article" aria-label={editing === null ? '新建服务事项' : '编辑服务事项'} noValidate onSubmit={(e) => (e.preventDefault(), void save())}>
          <h3>{editing === null ? '新建服务事项' : `编辑服务事项“${draft.nameZh}”`}</h3>
          <Field form="item" name="id" label="编号" draft={draft} problems={problems} onChange={setDraft} />
          <Field form="item" name="nameZh" label="中文名称" draft={draft} problems={problems} onChange={setDraft} />
          <Field form="item" name="nameEn" label="英文名称" draft={draft} problems={problems} onChange={setDraft} lang="en" />
          <Field form="item" name="category" label="类别" draft={draft} problems={problems} onChange={setDraft}>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name.zh}
              </option>
            ))}
          </Field>
          <Field form="item" name="followUp" label="7135 分类" draft={draft} problems={problems} onChange={setDraft}>
            {Object.entries(followUpWords).map(([id, words]) => (
              <option key={id} value={id}>
                {words}
              </option>
            ))}
          </Field>
          <Field form="item" name="serviceMinutes" label="预计办理时长（分钟）" type="number" draft={draft} problems={problems} onChange={setDraft} />
          <Field form="item" name="documents" label="所需材料（每行一项：中文 / 英文）" draft={draft} problems={problems} onChange={setDraft} multiline />
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
