import { memo, useMemo } from 'react';
import { EdgeLabelRenderer } from '@xyflow/react';
import { drawOverview, type Box } from '../model/overview';
import { useCanvas, useCatalog } from '../store';

/**
 * The zoomed-out canvas: every node React Flow does not show, and every edge, as a few SVG paths
 * in the viewport, so panning and dragging cost the browser a few shapes instead of two thousand
 * elements. Rendered into React Flow's edge-label layer, which lies above the edges and beneath
 * the nodes, so the nodes that are live (selected, hovered, dragged) sit on top of it.
 */
export const OverviewLayer = memo(function OverviewLayer({
  boxes,
  live,
}: {
  boxes: ReadonlyMap<string, Box>;
  live: ReadonlySet<string>;
}) {
  const catalog = useCatalog();
  const graph = useCanvas((s) => s.doc.graph);
  const problems = useCanvas((s) => s.problemsByNode);
  const status = useCanvas((s) => s.status);
  const marks = useCanvas((s) => s.marks);
  const drawing = useMemo(
    () => drawOverview(graph, boxes, catalog, { problems, status, marks }, live),
    [graph, boxes, catalog, problems, status, marks, live],
  );
  return (
    <EdgeLabelRenderer>
      <svg
        className="canvas-overview"
        role="img"
        aria-label={`Overview of ${graph.nodes.length} nodes. Zoom in to read them; point at one to select, open or move it.`}
        data-drawn-nodes={drawing.count}
      >
        <path className="overview-edges" d={drawing.edges} />
        {drawing.boxes.map(({ tone, d }) => (
          <path key={tone} className={`overview-nodes ${tone}`} d={d} />
        ))}
      </svg>
    </EdgeLabelRenderer>
  );
});
