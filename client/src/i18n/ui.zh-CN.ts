/** Simplified Chinese strings of the shared UI kit in client/src/ui/ (the `ui` namespace). */
export const uiZhCN = {
  close: '关闭',
  cancel: '取消',
  toast: '通知',
  toasts: '通知（{hotkey}）',
  select: { placeholder: '请选择' },
  combobox: { placeholder: '输入以搜索', searching: '正在搜索…', empty: '没有匹配的结果', failed: '搜索失败，请重试', open: '展开选项', clear: '清除' },
  table: {
    prev: '上一页',
    next: '下一页',
    page: '第 {n} 页',
    sortAscending: '升序',
    sortDescending: '降序',
    sortNone: '未排序',
    sortBy: '按“{column}”排序',
  },
  dateRange: { label: '日期范围', open: '打开日历', clear: '清除日期', previous: '上个月', next: '下个月', from: '开始日期', to: '结束日期' },
} as const;
