// Charts of the reports page (/staff/reports). The figures and their definitions are already on the
// page as tables (readable without JavaScript and by screen readers); this draws them with Chart.js
// from the same JSON API, GET /api/reports, with the page's own filters.
import { Chart, registerables, type ChartConfiguration } from 'chart.js';

Chart.register(...registerables);

interface Share {
  value: string;
  complaints: number;
}
interface Figure<T> {
  title: string;
  value: T;
}
interface ReportJson {
  figures: {
    volume: Figure<{ buckets: { period: string; complaints: number }[]; trendPerBucket: number | null }>;
    byCategory: Figure<Share[]>;
    byChannel: Figure<Share[]>;
    byType: Figure<Share[]>;
    byDepartment: Figure<Share[]>;
    byProduct: Figure<Share[]>;
    satisfaction: Figure<{ good: number; bad: number; neutral: number }>;
    waitingTimes: Figure<
      { elementId: string; name: string | null; averageHours: number | null; p90Hours: number | null }[]
    >;
    remedies: Figure<{ byType: { remedyType: string; count: number; totalCost: number }[] }>;
  };
}

const PALETTE = ['#0b5cad', '#1b6e3a', '#8a5a00', '#a4161a', '#5b3cc4', '#0f7b8a', '#6b7682', '#c2410c'];

function draw(id: string, config: ChartConfiguration): void {
  const canvas = document.getElementById(id);
  if (!(canvas instanceof HTMLCanvasElement)) return;
  // Reduced motion respected; the tables beside each chart carry the same numbers.
  const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  new Chart(canvas, {
    ...config,
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: still ? false : undefined,
      ...config.options,
    },
  });
  canvas.closest('figure')?.classList.add('chart-ready');
}

function bar(id: string, rows: Share[], label: string, horizontal = false): void {
  draw(id, {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.value),
      datasets: [{ label, data: rows.map((r) => r.complaints), backgroundColor: PALETTE[0] }],
    },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}

/** Straight line of the least-squares trend over the buckets, for drawing beside the counts. */
function trendLine(counts: number[], slope: number | null): (number | null)[] {
  if (slope === null || counts.length < 2) return counts.map(() => null);
  const n = counts.length;
  const meanX = (n + 1) / 2;
  const meanY = counts.reduce((s, c) => s + c, 0) / n;
  return counts.map((_, i) => Math.round((meanY + slope * (i + 1 - meanX)) * 100) / 100);
}

async function main(): Promise<void> {
  const status = document.getElementById('charts-status');
  const res = await fetch(`/api/reports${window.location.search}`, {
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
  });
  if (!res.ok) {
    if (status)
      status.textContent = `The charts could not be loaded (${res.status}). The tables below show the same figures.`;
    return;
  }
  const report = (await res.json()) as ReportJson;
  const f = report.figures;
  const counts = f.volume.value.buckets.map((b) => b.complaints);
  draw('chart-volume', {
    type: 'line',
    data: {
      labels: f.volume.value.buckets.map((b) => b.period),
      datasets: [
        {
          label: 'Complaints',
          data: counts,
          borderColor: PALETTE[0],
          backgroundColor: PALETTE[0],
          tension: 0.2,
        },
        {
          label: 'Trend',
          data: trendLine(counts, f.volume.value.trendPerBucket),
          borderColor: PALETTE[3],
          borderDash: [6, 4],
          pointRadius: 0,
        },
      ],
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  bar('chart-category', f.byCategory.value, 'Complaints');
  bar('chart-department', f.byDepartment.value, 'Complaints');
  bar('chart-product', f.byProduct.value, 'Complaints', true);
  for (const [id, rows] of [
    ['chart-channel', f.byChannel.value],
    ['chart-type', f.byType.value],
  ] as const) {
    draw(id, {
      type: 'doughnut',
      data: {
        labels: rows.map((r) => r.value),
        datasets: [{ data: rows.map((r) => r.complaints), backgroundColor: PALETTE }],
      },
      options: { plugins: { legend: { position: 'bottom' } } },
    });
  }
  const s = f.satisfaction.value;
  draw('chart-satisfaction', {
    type: 'doughnut',
    data: {
      labels: ['Good (4–5)', 'Neutral (3)', 'Bad (1–2)'],
      datasets: [{ data: [s.good, s.neutral, s.bad], backgroundColor: [PALETTE[1], PALETTE[6], PALETTE[3]] }],
    },
    options: { plugins: { legend: { position: 'bottom' } } },
  });
  const waits = f.waitingTimes.value;
  draw('chart-waits', {
    type: 'bar',
    data: {
      labels: waits.map((w) => w.name ?? w.elementId),
      datasets: [
        { label: 'Average hours', data: waits.map((w) => w.averageHours ?? 0), backgroundColor: PALETTE[0] },
        {
          label: '90th percentile hours',
          data: waits.map((w) => w.p90Hours ?? 0),
          backgroundColor: PALETTE[2],
        },
      ],
    },
    options: { indexAxis: 'y', scales: { x: { beginAtZero: true } } },
  });
  const remedies = f.remedies.value.byType;
  draw('chart-remedies', {
    type: 'bar',
    data: {
      labels: remedies.map((r) => r.remedyType),
      datasets: [
        { label: 'Total cost', data: remedies.map((r) => r.totalCost), backgroundColor: PALETTE[1] },
      ],
    },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
  });
  if (status) status.textContent = '';
  document.body.dataset.chartsReady = 'true';
}

main().catch((err: unknown) => {
  const status = document.getElementById('charts-status');
  if (status)
    status.textContent = `The charts could not be drawn: ${err instanceof Error ? err.message : String(err)}`;
});
