/**
 * Name and number tables for synthetic residents. Surname weights are the shares (per mille)
 * of the most common surnames in the 2020 national household-registration statistics
 * (公安部《2020年全国姓名报告》), rounded; the tail is a flat remainder.
 */
export const SURNAMES: Readonly<Record<string, number>> = {
  王: 71, 李: 70, 张: 67, 刘: 54, 陈: 46, 杨: 32, 黄: 25, 赵: 22, 吴: 20, 周: 19,
  徐: 15, 孙: 14, 马: 13, 朱: 13, 胡: 12, 郭: 11, 何: 11, 林: 10, 高: 10, 罗: 9,
  郑: 9, 梁: 8, 谢: 7, 宋: 7, 唐: 7, 许: 6, 韩: 6, 邓: 6, 冯: 6, 曹: 5,
  彭: 5, 曾: 5, 肖: 5, 田: 5, 董: 5, 潘: 4, 袁: 4, 蔡: 4, 蒋: 4, 余: 4,
  于: 4, 杜: 4, 叶: 4, 程: 4, 魏: 4, 苏: 3, 吕: 3, 丁: 3, 任: 3, 卢: 3,
  姚: 3, 沈: 3, 钟: 3, 姜: 3, 崔: 3, 谭: 3, 陆: 3, 范: 2, 汪: 2, 廖: 2,
  石: 2, 金: 2, 韦: 2, 贾: 2, 夏: 2, 付: 2, 方: 2, 邹: 2, 熊: 2, 白: 2,
  孟: 2, 秦: 2, 邱: 2, 侯: 2, 江: 2, 尹: 2, 薛: 2, 闫: 2, 段: 2, 雷: 2,
  龙: 1, 黎: 1, 史: 1, 陶: 1, 贺: 1, 毛: 1, 郝: 1, 顾: 1, 龚: 1, 邵: 1,
  欧阳: 1, 司马: 1, 诸葛: 1,
};

/** Given-name characters that lean male / female / neutral, split by generation. */
export const GIVEN = {
  older: {
    M: ['建国', '国庆', '志强', '建华', '卫东', '振华', '德明', '国华', '立新', '永红', '文革', '建军', '新民', '福', '强', '军', '勇', '伟', '平', '明', '刚', '斌', '华', '涛'],
    F: ['秀英', '桂英', '秀兰', '玉兰', '淑珍', '凤英', '丽华', '秀珍', '桂兰', '玉珍', '淑华', '红梅', '丽', '敏', '静', '英', '芳', '霞', '萍', '燕', '红', '娟'],
  },
  younger: {
    M: ['浩然', '子轩', '宇航', '俊杰', '浩宇', '梓豪', '一鸣', '思远', '博文', '天宇', '嘉豪', '明轩', '磊', '鹏', '杰', '超', '宇', '晨', '昊', '睿', '帆', '航'],
    F: ['欣怡', '梓涵', '诗涵', '雨桐', '可馨', '思琪', '佳怡', '子涵', '雨欣', '一诺', '紫萱', '婉清', '婷', '雪', '琳', '颖', '洁', '倩', '璐', '悦', '琪', '瑶'],
  },
} as const;

/** Mobile number segments (号段) of China Mobile, Unicom and Telecom, all 1[3-9]x. */
export const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153',
  '155', '156', '157', '158', '159', '166', '173', '177', '180', '181', '182', '183', '185', '186',
  '187', '188', '189', '191', '195', '198', '199',
] as const;

/**
 * Real county codes where many of Beijing's migrants were first registered (Hebei, Henan,
 * Shandong, Anhui, Heilongjiang, Sichuan, Hubei, Shanxi): the ID prefix of a migrant.
 */
export const MIGRANT_ORIGIN_CODES = [
  '130102', '130602', '131002', '410105', '411302', '370102', '371302', '340104',
  '230103', '510104', '420106', '140105', '130184', '411721',
] as const;
