import type { Bilingual, Lang } from './i18n.ts';

export interface LoopPlace {
  id: string;
  kind: 'stop' | 'node';
  name: Bilingual;
  /** Metres along the loop. */
  distance: number;
}

const width = 900;
const height = 620;
const cx = width / 2;
const cy = height / 2;
const radius = 180;

/** Splits a name into short lines so labels fit beside the ring (by characters in Chinese, words in English). */
function wrap(text: string, lang: Lang): string[] {
  if (lang === 'zh') {
    const chars = [...text];
    const per = chars.length > 7 ? Math.ceil(chars.length / 2) : 7;
    const lines: string[] = [];
    for (let i = 0; i < chars.length; i += per) lines.push(chars.slice(i, i + per).join(''));
    return lines;
  }
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (last + ' ' + word).length <= 20) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.slice(0, 4);
}

/** Point on the ring for a distance along the loop: the loop starts at the top and runs clockwise. */
function at(distance: number, length: number, r = radius): { x: number; y: number; angle: number } {
  const angle = (2 * Math.PI * distance) / length - Math.PI / 2;
  return { x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle), angle };
}

interface PlacedLabel {
  place: LoopPlace;
  /** The marker on the ring. */
  p: { x: number; y: number };
  x: number;
  anchor: 'start' | 'end';
  lines: string[];
  size: number;
  /** Top of the label block, after moving it clear of its neighbours. */
  top: number;
  moved: boolean;
  isNext: boolean;
}

/**
 * Labels beside the ring, left or right of it; on each side they are pushed down in order until no
 * two overlap (close places, such as two schools 300 m apart, would otherwise print on each other).
 */
function layoutLabels(places: readonly LoopPlace[], length: number, nextStopId: string | null, lang: Lang): PlacedLabel[] {
  const labels = places.map((place): PlacedLabel => {
    const p = at(place.distance, length);
    const spot = at(place.distance, length, radius + 36);
    const isNext = place.id === nextStopId;
    const lines = wrap(place.name[lang], lang);
    const size = (place.kind === 'stop' ? 32 : 28) * (lang === 'en' ? 0.8 : 1);
    const rows = lines.length + (isNext ? 1 : 0);
    const top = spot.y - (rows * size * 1.15) / 2;
    return { place, p, x: spot.x, anchor: Math.cos(p.angle) >= -0.05 ? 'start' : 'end', lines, size, top, moved: false, isNext };
  });
  for (const anchor of ['start', 'end'] as const) {
    const side = labels.filter((l) => l.anchor === anchor).sort((a, b) => a.top - b.top);
    for (let i = 1; i < side.length; i++) {
      const above = side[i - 1]!;
      const rows = above.lines.length + (above.isNext ? 1 : 0);
      const clear = above.top + rows * above.size * 1.15 + 4;
      if (side[i]!.top < clear) {
        side[i]!.top = clear;
        side[i]!.moved = true;
      }
    }
  }
  return labels;
}

/**
 * The line's loop as a ring: stops (squares) and service nodes (circles) placed by their distance
 * along the route, the bus where the tracker puts it, the next stop ringed and labelled in words.
 */
export function LoopDiagram(props: {
  length: number;
  places: readonly LoopPlace[];
  busDistance: number | null;
  nextStopId: string | null;
  lang: Lang;
  labels: { bus: string; next: string; title: string; stop: string; node: string };
}) {
  const { length, places, busDistance, nextStopId, lang, labels } = props;
  const bus = busDistance === null ? null : at(busDistance, length);
  return (
    <svg className="loop" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={labels.title}>
      <circle cx={cx} cy={cy} r={radius} fill="none" stroke="#a3122a" strokeWidth={18} />
      <path
        d={`M ${cx + 40} ${cy - radius - 34} l 22 0 l -10 -10 M ${cx + 62} ${cy - radius - 34} l -10 10`}
        stroke="#404040"
        strokeWidth={4}
        fill="none"
        aria-hidden="true"
      />
      {layoutLabels(places, length, nextStopId, lang).map(({ place, p, x, anchor, lines, size, top, moved, isNext }) => {
        const lineHeight = size * 1.15;
        return (
          <g key={place.id} className={`place ${place.kind}${isNext ? ' next' : ''}`}>
            {moved && <line x1={p.x} y1={p.y} x2={x + (anchor === 'start' ? -6 : 6)} y2={top + lineHeight / 2} stroke="#767676" strokeWidth={2} />}
            {isNext && <circle cx={p.x} cy={p.y} r={28} fill="none" stroke="#0b5cad" strokeWidth={6} />}
            {place.kind === 'stop' ? (
              <rect x={p.x - 15} y={p.y - 15} width={30} height={30} fill="#ffffff" stroke="#1a1a1a" strokeWidth={6} />
            ) : (
              <circle cx={p.x} cy={p.y} r={9} fill="#ffffff" stroke="#1a1a1a" strokeWidth={4} />
            )}
            <text x={x} y={top + size * 0.85} textAnchor={anchor} fontSize={size} fontWeight={place.kind === 'stop' ? 700 : 400} fill={isNext ? '#0b5cad' : '#1a1a1a'}>
              {isNext && (
                <tspan x={x} dy={0} fontSize={size * 0.8} fontWeight={700}>
                  ▶ {labels.next}
                </tspan>
              )}
              {lines.map((line, i) => (
                <tspan key={i} x={x} dy={i === 0 && !isNext ? 0 : lineHeight}>
                  {line}
                </tspan>
              ))}
            </text>
          </g>
        );
      })}
      <g className="legend" aria-hidden="true">
        <rect x={20} y={height - 44} width={24} height={24} fill="#ffffff" stroke="#1a1a1a" strokeWidth={5} />
        <text x={56} y={height - 23} fontSize={26}>
          {labels.stop}
        </text>
        <circle cx={220} cy={height - 32} r={9} fill="#ffffff" stroke="#1a1a1a" strokeWidth={4} />
        <text x={240} y={height - 23} fontSize={26}>
          {labels.node}
        </text>
      </g>
      {bus && (
        <g className="bus">
          <circle cx={bus.x} cy={bus.y} r={26} fill="#0b5cad" stroke="#ffffff" strokeWidth={5} />
          <text x={bus.x} y={bus.y + 10} textAnchor="middle" fontSize={28} fontWeight={700} fill="#ffffff">
            {lang === 'zh' ? '车' : 'B'}
          </text>
          <text x={cx} y={cy + 12} textAnchor="middle" fontSize={32} fontWeight={700} fill="#0b5cad">
            ● {labels.bus}
          </text>
        </g>
      )}
    </svg>
  );
}
