/** Simplified Chinese strings that tell each role honestly what it can do and whom to ask (the `access` namespace). */
export const accessZhCN = {
  plans: {
    emptyReader: '您的辖区内还没有可查看的网格方案。方案由网格办起草，经上级审核后发布；如有疑问，请联系网格办。',
    readOnly: '您可以查看方案，起草和修改由网格办或社区负责人进行。',
  },
  state: {
    published: '已发布，{from} 起施行',
    publishedAt: '{at} 发布',
    retired: '已停用（{from} 至 {to} 施行）',
    review: '待审核：等待上级审核人员批准或退回',
    approved: '已批准：等待发布',
    draft: '草案：尚未提交审核',
  },
} as const;
