/**
 * Words of the demo's incident history: how often each category is reported in a street office like
 * 学院路街道 (a university and residential district of Beijing), what reporters write ({place} is the
 * compound or road), what handlers answer, and the made-up residents who call. All invented.
 */

/** A category the history reports: its weight, whether a grid worker may solve it on the spot, what reports say. */
export interface CategoryText {
  weight: number;
  /** 自行处置: small matters a grid worker settles during the patrol. */
  onTheSpot: boolean;
  reports: readonly string[];
  /** The handler's feedback. */
  done: string;
}

export const CATEGORY_TEXTS: Readonly<Record<string, CategoryText>> = {
  '0102': { weight: 10, onTheSpot: true, reports: ['{place}垃圾桶旁堆放多袋生活垃圾，有异味', '{place}路边散落装修垃圾袋，无人清运', '{place}绿化带内有暴露垃圾'], done: '已安排保洁人员清运，现场已清理干净' },
  '0103': { weight: 4, onTheSpot: false, reports: ['{place}空地积存渣土约两车，未覆盖', '{place}墙角堆积建筑垃圾多日'], done: '渣土已清运完毕，已督促产生单位覆盖' },
  '0104': { weight: 4, onTheSpot: true, reports: ['{place}路面油污、落叶较多，需清扫', '{place}人行道有大片污渍'], done: '已安排机扫和人工保洁，路面已恢复整洁' },
  '0106': { weight: 2, onTheSpot: false, reports: ['{place}绿地内有杂物、枯枝堆积', '{place}绿化带被踩踏，有垃圾'], done: '已清理绿地杂物并补植' },
  '0107': { weight: 3, onTheSpot: false, reports: ['{place}有一辆长期停放的“僵尸车”，落满灰尘，轮胎亏气', '{place}废弃三轮车占用停车位'], done: '已联系车主挪走，无主车辆已拖移' },
  '0201': { weight: 8, onTheSpot: true, reports: ['{place}电线杆、墙面张贴大量小广告', '{place}单元门口喷涂办证小广告'], done: '已清除小广告，并对号码进行停机处理' },
  '0202': { weight: 1, onTheSpot: false, reports: ['{place}商户私设户外广告牌'], done: '已责令商户拆除违规广告牌' },
  '0203': { weight: 1, onTheSpot: false, reports: ['{place}门头牌匾破损，有坠落风险'], done: '已督促商户加固修复牌匾' },
  '0204': { weight: 3, onTheSpot: true, reports: ['{place}人行道上摆放立式广告牌', '{place}店铺把广告展板摆到盲道上'], done: '广告牌已撤回店内' },
  '0301': { weight: 2, onTheSpot: false, reports: ['{place}工地夜间施工噪音扰民', '{place}装修在午休时间电钻作业'], done: '已约谈施工单位，夜间停止施工' },
  '0302': { weight: 2, onTheSpot: false, reports: ['{place}工地裸土未苫盖，有扬尘', '{place}工地出入口车辆未冲洗'], done: '已督促工地苫盖裸土、冲洗车辆' },
  '0303': { weight: 1, onTheSpot: false, reports: ['{place}渣土车遗撒，路面有泥土'], done: '路面已冲洗，已对运输单位处罚' },
  '0306': { weight: 1, onTheSpot: false, reports: ['{place}施工围挡倒伏，影响通行'], done: '围挡已扶正加固' },
  '0401': { weight: 0.3, onTheSpot: false, reports: ['{place}路面出现塌陷坑，约半米宽'], done: '已设置围挡并完成路面修复' },
  '0402': { weight: 0.4, onTheSpot: false, reports: ['{place}路面冒水，疑似供水管道破裂'], done: '已关阀抢修，管道修复并恢复供水' },
  '0403': { weight: 0.15, onTheSpot: false, reports: ['{place}闻到明显燃气味，疑似泄漏'], done: '燃气公司已到场检测，更换老化接口，无泄漏' },
  '0404': { weight: 2, onTheSpot: false, reports: ['{place}雨水箅子堵塞，路面积水', '{place}污水井冒溢'], done: '已疏通管道，积水已排除' },
  '0405': { weight: 0.5, onTheSpot: false, reports: ['{place}降雨后路面积水较深，行人难以通过'], done: '已抽排积水并疏通雨水口' },
  '0407': { weight: 0.4, onTheSpot: false, reports: ['{place}架空线缆垂落到人行道上方'], done: '线缆已重新架设固定' },
  '0408': { weight: 0.5, onTheSpot: false, reports: ['{place}大风后树木倒伏，压到路边'], done: '倒伏树木已清理并扶正补植' },
  '0501': { weight: 5, onTheSpot: true, reports: ['{place}有流动商贩摆摊卖水果', '{place}早高峰有游商占道经营早点'], done: '已劝离游商，现场恢复秩序' },
  '0502': { weight: 5, onTheSpot: true, reports: ['{place}商户在店外摆放货架经营', '{place}餐馆在门外摆桌椅占用人行道'], done: '已责令商户将物品撤回店内' },
  '0503': { weight: 1, onTheSpot: true, reports: ['{place}有人占道收购废品，堆放杂乱'], done: '已劝离并清理现场' },
  '0504': { weight: 9, onTheSpot: false, reports: ['{place}机动车违停占用消防通道', '{place}路口多辆机动车乱停放，影响通行', '{place}车辆停在人行道上'], done: '交警已到场贴单，违停车辆已挪走' },
  '0505': { weight: 7, onTheSpot: true, reports: ['{place}共享单车大量堆积，阻碍通行', '{place}非机动车乱停放堵住单元门口'], done: '已联系运维人员清运摆放整齐' },
  '0506': { weight: 1, onTheSpot: true, reports: ['{place}晚间有露天烧烤，油烟大'], done: '已劝阻并取缔露天烧烤' },
  '0508': { weight: 1.5, onTheSpot: true, reports: ['{place}沿街护栏上晾晒衣物被褥'], done: '已劝导居民收回晾晒物' },
  '0601': { weight: 1.5, onTheSpot: false, reports: ['{place}餐馆油烟直排，居民反映强烈'], done: '已督促餐馆安装油烟净化设备' },
  '0602': { weight: 2, onTheSpot: false, reports: ['{place}广场舞音响声音过大', '{place}商铺用大喇叭促销'], done: '已协调降低音量，约定活动时间' },
  '1101': { weight: 2, onTheSpot: false, reports: ['{place}邻里因漏水问题发生纠纷', '{place}业主与物业因停车费产生矛盾'], done: '社区已组织双方调解，达成一致' },
  '1103': { weight: 3, onTheSpot: false, reports: ['{place}楼道内电动自行车飞线充电', '{place}消防通道被杂物堵塞'], done: '已拆除飞线，引导到集中充电桩充电' },
  '1202': { weight: 1, onTheSpot: false, reports: ['{place}独居老人多日未见出门，需上门探望'], done: '社区已上门探望，老人身体状况良好' },
  '1204': { weight: 3, onTheSpot: false, reports: ['{place}小区内道路破损，有坑洼', '{place}路灯不亮', '{place}井盖松动，踩上去有响声'], done: '已完成维修，设施恢复正常' },
  '1301': { weight: 5, onTheSpot: true, reports: ['{place}楼道堆放纸箱、旧家具', '{place}楼梯间堆放杂物，影响疏散'], done: '已协调物业清理楼道堆物' },
  '1302': { weight: 2, onTheSpot: false, reports: ['{place}小区垃圾分类桶站满溢', '{place}小区内宠物粪便多'], done: '物业已加派保洁，增加清运频次' },
  '1303': { weight: 1.5, onTheSpot: false, reports: ['{place}有人遛狗不牵绳', '{place}大型犬在小区内无人看管'], done: '已对养犬人进行宣传教育' },
  '1502': { weight: 1, onTheSpot: false, reports: ['{place}新增出租房屋未登记'], done: '已完成出租房屋登记' },
};

/** What each action says in the timeline (a reason where the workflow asks for one). */
export const ACTION_NOTES = {
  escalate: ['超出网格处置能力，上报社区', '需社区协调相关单位处置'],
  escalateStreet: ['涉及多个部门，超出社区处置能力，上报街道', '需街道协调执法力量'],
  forward: ['涉及区级部门职责，转区城市运行管理中心', '属区级专业部门管辖，转出镇街'],
  accept: ['符合立案条件，予以立案', '已核实，立案处理'],
  void: ['重复上报，已合并处理', '经核实不属于受理范围', '现场核实问题不存在'],
  sendBack: ['经核实不属于本单位职责，请重新派遣'],
  extension: ['需采购配件，申请延期', '需协调产权单位，申请延长处置时限'],
  deferral: ['涉及产权纠纷，待法院判决后处置，申请缓办', '需待季节条件具备后施工，申请缓办'],
  refuse: ['理由不充分，请按期处置'],
  shelve: ['涉及历史遗留问题，暂无法解决，列入问题台账定期复核', '需纳入明年改造计划，暂挂账'],
  review: ['复核：问题仍存在，继续挂账跟踪', '复核：已纳入改造计划，继续跟踪'],
  rework: ['核查发现未整改到位，请返工', '现场复查问题反弹，要求返工'],
  onTheSpot: ['现场劝导，当即整改完毕', '网格员现场处置完毕'],
} as const;

/** Rating comments of residents (1–5). */
export const RATING_COMMENTS: Readonly<Record<number, readonly string[]>> = {
  5: ['处理及时，非常满意', '很快就解决了，点赞'],
  4: ['基本满意', '处理得不错，希望保持'],
  3: ['解决了，但是时间有点长'],
  2: ['处理太慢了'],
  1: ['问题没有根本解决'],
};

/** Made-up residents: a surname and a courtesy title; phones are 139 0000 xxxx, never real numbers. */
export const RESIDENT_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗'];
export const RESIDENT_TITLES = ['先生', '女士'];
