/** Simplified Chinese strings of the map's search box (the `search` namespace). */
export const searchZhCN = {
  label: '搜索辖区、网格、小区、楼栋或地址',
  placeholder: '网格编码、名称、小区或地址',
  results: '搜索结果',
  searching: '正在搜索…',
  none: '没有找到“{q}”',
  noneHint: '可输入网格编码（全部或末尾几位）、网格或小区名称、楼栋名称或地址。只显示您有权查看的范围。',
  failed: '搜索失败：{reason}',
  retry: '重试',
  clear: '清除搜索',
  kinds: { jurisdiction: '辖区', grid: '网格', compound: '小区', building: '楼栋', address: '地址' },
  errors: {
    search_query_empty: '请输入要查找的内容。',
    search_query_too_long: '搜索内容过长，请精简后重试。',
  },
} as const;
