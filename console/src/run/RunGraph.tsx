import { Background, Controls, Handle, Position, ReactFlow, useReactFlow } from '@xyflow/react';
import type { Node, NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RunModel } from './run-model';
import type { Edge } from './run-structure';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH } from './run-graph';
import type { GraphNode } from './run-graph';

type BranchNodeData = GraphNode & { toggle: (id: string, open: boolean) => void } & Record<string, unknown>;

function BranchNodeView({ data }: NodeProps<Node<BranchNodeData>>) {
  const counts = data.childCounts;
  return (
    <div
      className={`graph-node status-${data.status} kind-${data.kind}`}
      style={{ width: NODE_WIDTH, height: NODE_HEIGHT }}
      data-path={data.id}
      data-status={data.status}
      title={data.id}
    >
      <Handle type="target" position={Position.Left} />
      <div className="graph-node-label">{data.label}</div>
      <div className="graph-node-detail">{data.detail}</div>
      {data.children > 0 && (
        <button className="graph-node-toggle" onClick={() => data.toggle(data.id, !data.open)}>
          {data.open ? '▾' : '▸'} {data.children}
          {counts && !data.open ? ` (${counts.succeeded}✓ ${counts.running}… ${counts.failed}✗)` : ''}
        </button>
      )}
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

/** Redrawn only when its own data changes (see useStableNodes). */
const BranchNode = memo(BranchNodeView);
const nodeTypes = { branch: BranchNode };

/** What a node shows: when it is unchanged, the node keeps its object and is not redrawn. */
const nodeKey = (n: GraphNode) =>
  `${n.x},${n.y},${n.status},${n.detail},${n.children},${n.open},${n.label},${JSON.stringify(n.childCounts ?? null)}`;

/**
 * React Flow nodes that keep their identity while unchanged: with 500 nodes and a repaint every
 * 150 ms, redrawing only the few that changed state is what keeps frames flowing.
 */
function useStableNodes(layout: GraphNode[], toggle: BranchNodeData['toggle']): Array<Node<BranchNodeData>> {
  const cache = useRef(new Map<string, { key: string; node: Node<BranchNodeData> }>());
  const next = new Map<string, { key: string; node: Node<BranchNodeData> }>();
  const nodes = layout.map((n) => {
    const key = nodeKey(n);
    const kept = cache.current.get(n.id);
    const entry =
      kept?.key === key
        ? kept
        : {
            key,
            node: {
              id: n.id,
              type: 'branch',
              position: { x: n.x, y: n.y },
              data: { ...n, toggle },
              draggable: false,
              connectable: false,
            },
          };
    next.set(n.id, entry);
    return entry.node;
  });
  cache.current = next;
  return nodes;
}

/** Fits the view again when nodes are added (a run's branches appear as it goes). */
function FitWhenGrown({ count }: { count: number }) {
  const flow = useReactFlow();
  useEffect(() => {
    // After React Flow has measured the new nodes.
    const timer = setTimeout(() => void flow.fitView({ duration: 0 }), 50);
    return () => clearTimeout(timer);
  }, [count, flow]);
  return null;
}

/** The run's branches as a graph; state colours change as events arrive. */
export function RunGraph({ model, edges, version }: { model: RunModel; edges: Edge[]; version: number }) {
  const [choices, setChoices] = useState<ReadonlyMap<string, boolean>>(new Map());
  const layout = useMemo(
    () => layoutGraph(model, edges, choices),
    // version: the model is mutated in place; a new version means something in it changed.
    [model, edges, choices, version],
  );
  const toggle = useCallback((id: string, open: boolean) => setChoices((c) => new Map(c).set(id, open)), []);
  const nodes = useStableNodes(layout.nodes, toggle);
  const edgeKey = layout.edges.map((e) => e.id).join('\n');
  // Edges change only with the shown nodes.
  const flowEdges = useMemo(() => layout.edges, [edgeKey]);
  return (
    <div className="run-graph" data-testid="run-graph" data-nodes={layout.nodes.length}>
      <ReactFlow
        nodes={nodes}
        edges={flowEdges}
        nodeTypes={nodeTypes}
        fitView
        minZoom={0.05}
        onlyRenderVisibleElements
        nodesDraggable={false}
        nodesConnectable={false}
        proOptions={{ hideAttribution: true }}
      >
        <FitWhenGrown count={layout.nodes.length} />
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
