/**
 * The catalogue tree the builder's indicator picker offers for one template: only
 * the indicators the template's channel can evidence (its module in services/channels
 * says which kinds), with the items and levels left empty by that pruned away.
 */
import { catalogues } from '../../services/catalogues';
import { channels, type Channel } from '../../services/channels';
import { standardTree, type StandardNode } from '../standards/routes';

export function evidenceableTree(tree: readonly StandardNode[], channel: Channel): StandardNode[] {
  return tree.flatMap((node) => {
    if (node.kind === 'indicator') return channels.canEvidence(channel, node) ? [node] : [];
    const children = evidenceableTree(node.children, channel);
    return children.length ? [{ ...node, children }] : [];
  });
}

/** Every catalogue the builder may switch to, each tree cut to what `channel` can evidence. */
export function builderCatalogues(channel: Channel) {
  return [...catalogues().values()].map((c) => ({ code: c.code, version: c.version, name: c.name, tree: evidenceableTree(standardTree(c), channel) }));
}
