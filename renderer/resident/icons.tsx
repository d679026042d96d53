/** Line icons for the service buttons: a shape beside every label, so no meaning rests on colour. */
const paths = {
  take: 'M6 10h36v8a6 6 0 0 0 0 12v8H6v-8a6 6 0 0 0 0-12z M18 18h12 M18 24h12 M18 30h8',
  handbook: 'M8 8h14a4 4 0 0 1 4 4v28a4 4 0 0 0-4-4H8z M40 8H26v32a4 4 0 0 1 4-4h10z',
  comment: 'M6 10h36v22H22l-10 8v-8H6z M14 18h20 M14 24h14',
  rating: 'M24 5l5.9 12 13.1 1.9-9.5 9.3 2.2 13.1L24 35.2 12.3 41.3l2.2-13.1L5 18.9 18.1 17z',
  progress: 'M21 8a13 13 0 1 1 0 26a13 13 0 0 1 0-26z M30.5 30.5L42 42',
  home: 'M6 24L24 8l18 16 M12 20v20h24V20',
  speaker: 'M6 18h8l10-8v28l-10-8H6z M31 17a9 9 0 0 1 0 14 M36 12a16 16 0 0 1 0 24',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 48 }: { name: IconName; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 48 48" aria-hidden="true" focusable="false" className="icon">
      <path d={paths[name]} fill="none" stroke="currentColor" strokeWidth={3.5} strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}
