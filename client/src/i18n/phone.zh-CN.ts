/** Simplified Chinese strings of the phone-first pieces: locate-me and touch alternatives (the `phone` namespace). */
export const phoneZhCN = {
  locate: {
    button: '定位到我的位置',
    inGrid: '你在 {name}',
    noGrid: '你所在的位置不在任何网格内。',
    outside: '你所在的位置不在你的工作范围内，附近也没有网格。',
    denied: '无法定位：没有获准使用位置。请在浏览器或手机设置中允许本网站使用位置信息（网址需为 HTTPS）。',
    unavailable: '暂时无法获取你的位置，请到开阔处稍后再试。',
    timeout: '定位超时，请稍后再试。',
    unsupported: '此浏览器不支持定位。',
  },
  studio: {
    multi: '多选',
    selectHint: '点按网格查看；打开“多选”后依次点按相邻网格，可合并',
    selectHintMulti: '多选已打开：依次点按要合并的相邻网格，再按“合并”',
  },
} as const;
