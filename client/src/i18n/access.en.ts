import type { Messages } from './messages.ts';

/** English strings that tell each role what it can do and whom to ask (the `access` namespace). */
export const accessEn: Messages['access'] = {
  plans: {
    emptyReader: 'There is no grid plan to show in your area yet. Plans are drafted by the grid office and published after review; ask the grid office if you expected one.',
    readOnly: 'You can read plans; the grid office or the community manager drafts and edits them.',
  },
  state: {
    published: 'Published, in force from {from}',
    publishedAt: 'published {at}',
    retired: 'Retired (in force {from} to {to})',
    review: 'In review: waiting for a reviewer above to approve or send it back',
    approved: 'Approved: waiting to be published',
    draft: 'Draft: not yet submitted for review',
  },
};
