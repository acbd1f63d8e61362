import { Background, Controls, Handle, Position, ReactFlow, useReactFlow } from '@xyflow/react';
import type { Node, NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useState } from 'react';
import type { RunModel } from './run-model';
import type { Edge } from './run-structure';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH } from './run-graph';
import type { GraphNode } from './run-graph';

type BranchNodeData = GraphNode & { toggle: (id: string) => void } & Record<string, unknown>;

function BranchNode({ data }: NodeProps<Node<BranchNodeData>>) {
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
        <button className="graph-node-toggle" onClick={() => data.toggle(data.id)}>
          {data.open ? '▾' : '▸'} {data.children}
          {counts && !data.open ? ` (${counts.succeeded}✓ ${counts.running}… ${counts.failed}✗)` : ''}
        </button>
      )}
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

const nodeTypes = { branch: BranchNode };

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
  const [opened, setOpened] = useState<Set<string>>(new Set());
  const [closed, setClosed] = useState<Set<string>>(new Set());
  const layout = useMemo(
    () => layoutGraph(model, edges, opened, closed),
    // version: the model is mutated in place; a new version means something in it changed.
    [model, edges, opened, closed, version],
  );
  const toggle = (id: string) => {
    const node = layout.nodes.find((n) => n.id === id);
    const open = node?.open ?? false;
    setOpened((s) => {
      const next = new Set(s);
      if (open) next.delete(id);
      else next.add(id);
      return next;
    });
    setClosed((s) => {
      const next = new Set(s);
      if (open) next.add(id);
      else next.delete(id);
      return next;
    });
  };
  const nodes: Array<Node<BranchNodeData>> = layout.nodes.map((n) => ({
    id: n.id,
    type: 'branch',
    position: { x: n.x, y: n.y },
    data: { ...n, toggle },
    draggable: false,
    connectable: false,
  }));
  const flowEdges = layout.edges.map((e) => ({ ...e, animated: false }));
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
