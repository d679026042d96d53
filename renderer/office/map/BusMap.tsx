import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import type { OfficeApi } from '../../../src/office/api.ts';
import { clockTime, dateTime } from '../format.ts';

export type MapView = Awaited<ReturnType<OfficeApi['officeMap']>>;
type Bus = MapView['buses'][number];

/** One word per state, the same on the map, in its list and on the fleet cards. */
export function busStateText(bus: Bus): string {
  switch (bus.state) {
    case 'moving':
      return '行驶中';
    case 'at-stop':
      return bus.stop ? `停靠 ${bus.stop}` : '停靠';
    case 'off-route':
      return '偏离线路';
    case 'offline':
      return `离线，最后联系 ${dateTime(bus.lastContact)}`;
    default:
      return '位置未知';
  }
}

const stateColour: Record<Bus['state'], string> = {
  moving: '#1a7f37',
  'at-stop': '#0b5cad',
  'off-route': '#b35900',
  offline: '#6b6b6b',
  unknown: '#6b6b6b',
};

/**
 * The route, its stops and service points, each bus now and its track today, on a Leaflet map.
 * Leaflet draws raster tiles (高德/腾讯/OSM are XYZ rasters) and plain vectors with SVG, needing no
 * WebGL, so it runs on any office PC and with no basemap at all (a plain background).
 */
export function BusMap({ view, tall = false }: { view: MapView; tall?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const buses = useRef<L.LayerGroup | null>(null);
  const route = view.route;

  useEffect(() => {
    if (!box.current || !route) return;
    const m = L.map(box.current, { attributionControl: true });
    m.attributionControl.setPrefix(false);
    if (route.basemap) L.tileLayer('/tiles/{z}/{x}/{y}', { attribution: route.basemap.attribution, maxZoom: route.basemap.maxZoom }).addTo(m);
    const line = L.polyline(route.line, { color: '#b0191e', weight: 5, opacity: 0.8, interactive: false }).addTo(m);
    // Stops close together (宏福佳苑 and 芙蓉路 sit on one street) would stack their labels: from west
    // to east, every other stop is labelled below its marker instead of above.
    const below = new Set(
      route.places.filter((p) => p.kind === 'stop').sort((a, b) => a.at[1] - b.at[1]).filter((_, i) => i % 2 === 1).map((p) => p.id),
    );
    for (const place of route.places) {
      const stop = place.kind === 'stop';
      const up = stop && !below.has(place.id);
      L.circleMarker(place.at, { radius: stop ? 7 : 4, color: '#b0191e', weight: 2, fillColor: stop ? '#fff' : '#b0191e', fillOpacity: 1, className: `place-${place.id}` })
        .bindTooltip(place.name, { permanent: stop || tall, direction: up ? 'top' : 'bottom', offset: up ? [0, -6] : [0, 6], className: stop ? 'map-stop' : 'map-node' })
        .addTo(m);
    }
    m.fitBounds(line.getBounds(), { padding: [24, 24] });
    buses.current = L.layerGroup().addTo(m);
    map.current = m;
    // The container's size can settle after the first paint (fonts, the cards beside it).
    const resize = new ResizeObserver(() => m.invalidateSize());
    resize.observe(box.current);
    return () => {
      resize.disconnect();
      m.remove();
      map.current = null;
    };
  }, [route === null, route?.basemap?.attribution, tall]);

  useEffect(() => {
    const layer = buses.current;
    if (!layer) return;
    layer.clearLayers();
    for (const bus of view.buses) {
      if (bus.track.length > 1) L.polyline(bus.track, { color: '#0b5cad', weight: 3, opacity: 0.7, dashArray: '6 4', interactive: false, className: `track-${bus.busId}` }).addTo(layer);
      if (!bus.at) continue;
      const colour = stateColour[bus.state];
      L.circleMarker(bus.at, { radius: 10, color: '#fff', weight: 3, fillColor: colour, fillOpacity: 1, className: `bus-marker bus-${bus.busId}` })
        .bindTooltip(`${bus.busId} · ${busStateText(bus)}${bus.positionAt ? ` · ${clockTime(bus.positionAt)}` : ''}`, { permanent: true, direction: 'right', offset: [10, 0], className: 'map-bus' })
        .addTo(layer);
    }
  }, [view.buses, route]);

  if (!route) return <p>未配置线路，无法显示地图。</p>;
  return (
    <figure className={`bus-map${tall ? ' tall' : ''}`}>
      <div ref={box} className="map-canvas" role="region" aria-label={`线路地图：${route.places.filter((p) => p.kind === 'stop').map((p) => p.name).join('、')}`} />
      <figcaption>
        <ul className="map-legend" aria-label="车辆位置">
          {view.buses.map((bus) => (
            <li key={bus.busId} data-testid={`map-bus-${bus.busId}`}>
              <span className="dot" style={{ background: stateColour[bus.state] }} aria-hidden="true" />
              <strong>{bus.busId}</strong> {busStateText(bus)}
              {bus.positionAt && <> · 位置时间 {dateTime(bus.positionAt)}{bus.source === 'trip' ? '（按最后到站记录）' : ''}</>}
              {bus.track.length > 1 && <> · 今日轨迹 {bus.track.length} 点</>}
            </li>
          ))}
          {view.buses.length === 0 && <li>尚未收到任何车辆的位置。</li>}
        </ul>
        {!route.basemap && <p className="map-note">未配置底图（office.map），线路画在空白背景上。</p>}
      </figcaption>
    </figure>
  );
}
