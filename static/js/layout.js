// The mixer's answer (/api/mixer) holds an example's own numbers; where each of them sits in the
// walk, the batch and the big FC layer depends on the shape alone, and comes once per shape from
// /api/mixer/layout. Here the two become the one object the views read: every number is one the
// server sent, put where the server's layout says. Nothing is computed.

/** The answer with its shape's layout: the walk's pixels (`steps.i`, `steps.j`), the batch's rows,
 *  and the FC layer's size, entries, flattened input and big bias, each row's and column's pixel and channel. */
export function withLayout(answer, layout) {
  const { i, j } = layout.steps;
  const { entries, row_channel: rowChannel, col_pixel: colPixel, col_channel: colChannel } = layout.fc;
  const { x, weight, bias } = answer;
  return {
    ...answer,
    steps: { ...answer.steps, i, j },
    // The batch's row p is the walk's pixel p.
    batch: { ...answer.batch, rows: i.map((row, p) => x[row][j[p]]) },
    fc: {
      ...layout.fc,
      ...answer.fc,
      order: layout.order,
      entries: { ...entries, value: entries.row.map((row, k) => weight[rowChannel[row]][colChannel[entries.col[k]]]) },
      x_flat: colPixel.map((p, k) => x[i[p]][j[p]][colChannel[k]]),
      bias: rowChannel.map((o) => bias[o]),
    },
  };
}
