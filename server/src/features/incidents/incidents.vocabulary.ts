/**
 * The codes of the incident workflow and their names in Chinese and English. Pure and shared: the
 * client imports it (as it does imports.problems.ts), so a code added here without a name fails its test.
 */

/** Where a case stands. `reported` is 信息收集 at whichever level holds it. */
export const INCIDENT_STATUSES = ['reported', 'accepted', 'dispatched', 'handling', 'fed_back', 'closed', 'evaluated', 'deferred', 'ledger', 'voided'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** The levels that hold a case, from the grid up; beyond the street office is forwarding. */
export const INCIDENT_LEVELS = ['grid', 'community', 'street', 'county'] as const;
export type IncidentLevel = (typeof INCIDENT_LEVELS)[number];

/** Who acts: the centre of each level, a responsible unit (责任单位), the reporter, the server itself. */
export const INCIDENT_ROLES = ['grid_worker', 'community', 'street_center', 'county_center', 'department', 'reporter', 'system'] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

export const INCIDENT_ACTIONS = [
  'accept', 'dispatch', 'start', 'feed_back', 'verify', 'evaluate',
  'send_back', 'void', 'escalate', 'forward', 'request_extension', 'request_deferral', 'approve_request', 'refuse_request',
  'resume', 'shelve', 'review', 'reopen', 'rework', 'self_handle',
] as const;
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number];

/** What an action does to the handling clock. */
export const CLOCK_EFFECTS = ['start', 'pause', 'resume', 'stop'] as const;
export type ClockEffect = (typeof CLOCK_EFFECTS)[number];

/** Why a transition was refused (the API's 409/403 carry these codes). */
export const REFUSAL_CODES = [
  'unknown_action', 'not_allowed_from_state', 'forbidden_role', 'reason_required', 'invalid_payload',
  'request_pending', 'no_pending_request', 'top_level', 'not_escalated', 'wrong_level',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** Kinds of unit a case is dispatched to. */
export const ASSIGNEE_KINDS = ['department', 'community', 'grid'] as const;
export type AssigneeKind = (typeof ASSIGNEE_KINDS)[number];

/** Kinds of responsible unit (责任单位) a category names; the departments themselves are data of each town. */
export const RESPONSIBLE_UNIT_KINDS = [
  'urban_management', 'sanitation', 'landscaping', 'housing', 'transport', 'traffic_police', 'public_security', 'water', 'gas',
  'power', 'emergency', 'ecology', 'civil_affairs', 'human_resources', 'health', 'education', 'community', 'street_office',
  'property', 'politics_law', 'petition',
] as const;
export type ResponsibleUnitKind = (typeof RESPONSIBLE_UNIT_KINDS)[number];

/** Names of the kinds of responsible unit. */
export const RESPONSIBLE_UNIT_NAMES: Record<ResponsibleUnitKind, { zh: string; en: string }> = {
  urban_management: { zh: '城市管理综合执法', en: 'Urban management enforcement' },
  sanitation: { zh: '环境卫生', en: 'Sanitation' },
  landscaping: { zh: '园林绿化', en: 'Parks and greening' },
  housing: { zh: '住房和城乡建设', en: 'Housing and construction' },
  transport: { zh: '交通运输（道路养护）', en: 'Transport and road maintenance' },
  traffic_police: { zh: '公安交通管理', en: 'Traffic police' },
  public_security: { zh: '公安派出所', en: 'Police station' },
  water: { zh: '水务', en: 'Water authority' },
  gas: { zh: '燃气公司', en: 'Gas company' },
  power: { zh: '供电公司', en: 'Power company' },
  emergency: { zh: '应急管理（消防安全）', en: 'Emergency management and fire safety' },
  ecology: { zh: '生态环境', en: 'Ecology and environment' },
  civil_affairs: { zh: '民政', en: 'Civil affairs' },
  human_resources: { zh: '人力资源和社会保障', en: 'Human resources and social security' },
  health: { zh: '卫生健康', en: 'Health' },
  education: { zh: '教育', en: 'Education' },
  community: { zh: '社区居委会', en: 'Community committee' },
  street_office: { zh: '街道办事处', en: 'Street office' },
  property: { zh: '物业服务企业', en: 'Property management company' },
  politics_law: { zh: '综治中心', en: 'Public order centre' },
  petition: { zh: '信访', en: 'Petitions office' },
};

type Names<K extends string> = Record<K, { zh: string; en: string }>;

/** Names of every code, for the client's locale files and for exports. */
export const INCIDENT_VOCABULARY: {
  statuses: Names<IncidentStatus>; levels: Names<IncidentLevel>; roles: Names<IncidentRole>; actions: Names<IncidentAction>;
  clock: Names<ClockEffect>; refusals: Names<RefusalCode>; assignees: Names<AssigneeKind>;
} = {
  statuses: {
    reported: { zh: '待受理', en: 'Reported' },
    accepted: { zh: '已立案', en: 'Accepted' },
    dispatched: { zh: '已派遣', en: 'Dispatched' },
    handling: { zh: '处置中', en: 'In handling' },
    fed_back: { zh: '已反馈待核查', en: 'Fed back, to verify' },
    closed: { zh: '已结案', en: 'Closed' },
    evaluated: { zh: '已评价', en: 'Evaluated' },
    deferred: { zh: '缓办中', en: 'Deferred' },
    ledger: { zh: '已挂账', en: 'On the problem ledger' },
    voided: { zh: '已作废', en: 'Void' },
  },
  levels: {
    grid: { zh: '网格', en: 'Grid' },
    community: { zh: '社区', en: 'Community' },
    street: { zh: '街道（乡镇）', en: 'Street office' },
    county: { zh: '区县', en: 'County' },
  },
  roles: {
    grid_worker: { zh: '网格员', en: 'Grid worker' },
    community: { zh: '社区', en: 'Community' },
    street_center: { zh: '街道网格化服务管理中心', en: 'Street office centre' },
    county_center: { zh: '区县城市运行管理中心', en: 'County centre' },
    department: { zh: '责任单位', en: 'Responsible unit' },
    reporter: { zh: '上报人', en: 'Reporter' },
    system: { zh: '系统', en: 'System' },
  },
  actions: {
    accept: { zh: '受理立项', en: 'Accept' },
    dispatch: { zh: '任务派遣', en: 'Dispatch' },
    start: { zh: '签收处理', en: 'Start handling' },
    feed_back: { zh: '处理反馈', en: 'Feed back' },
    verify: { zh: '核查结案', en: 'Verify and close' },
    evaluate: { zh: '综合评价', en: 'Evaluate' },
    send_back: { zh: '回退', en: 'Send back' },
    void: { zh: '作废', en: 'Void' },
    escalate: { zh: '上报上级', en: 'Escalate' },
    forward: { zh: '转出镇街', en: 'Forward beyond the town' },
    request_extension: { zh: '申请延期', en: 'Request an extension' },
    request_deferral: { zh: '申请缓办', en: 'Request deferral' },
    approve_request: { zh: '批准申请', en: 'Approve the request' },
    refuse_request: { zh: '驳回申请', en: 'Refuse the request' },
    resume: { zh: '恢复办理', en: 'Resume' },
    shelve: { zh: '挂账', en: 'Put on the problem ledger' },
    review: { zh: '挂账复核', en: 'Review on the ledger' },
    reopen: { zh: '重新启动', en: 'Reopen' },
    rework: { zh: '返工', en: 'Send for rework' },
    self_handle: { zh: '自行处置', en: 'Solved on the spot' },
  },
  clock: {
    start: { zh: '开始计时', en: 'Clock started' },
    pause: { zh: '暂停计时', en: 'Clock paused' },
    resume: { zh: '恢复计时', en: 'Clock resumed' },
    stop: { zh: '停止计时', en: 'Clock stopped' },
  },
  refusals: {
    unknown_action: { zh: '没有这个操作', en: 'There is no such action' },
    not_allowed_from_state: { zh: '案件当前状态不能执行此操作', en: 'Not possible in the case\'s current state' },
    forbidden_role: { zh: '您无权执行此操作', en: 'You may not do this' },
    reason_required: { zh: '请填写理由', en: 'A reason is required' },
    invalid_payload: { zh: '填写的内容不正确', en: 'Some details are not valid' },
    request_pending: { zh: '已有待审批的申请', en: 'A request is already waiting for approval' },
    no_pending_request: { zh: '没有待审批的申请', en: 'There is no request to decide' },
    top_level: { zh: '已是最高层级，无法再上报', en: 'Already at the top level' },
    not_escalated: { zh: '案件不是由下级上报，无处回退', en: 'The case did not come from a lower level' },
    wrong_level: { zh: '案件所在层级不能执行此操作', en: 'Not possible at the case\'s level' },
  },
  assignees: {
    department: { zh: '责任单位', en: 'Responsible unit' },
    community: { zh: '社区', en: 'Community' },
    grid: { zh: '网格', en: 'Grid' },
  },
};

/**
 * Open311 GeoReport v2 status of each state, with mySociety's extended status
 * (../shared/reference/interop-protocols.md, "Suggested mapping").
 */
export const OPEN311_STATUS: Record<IncidentStatus, { status: 'open' | 'closed'; extended: string }> = {
  reported: { status: 'open', extended: 'FOR_TRIAGE' },
  accepted: { status: 'open', extended: 'INVESTIGATING' },
  dispatched: { status: 'open', extended: 'ACTION_SCHEDULED' },
  handling: { status: 'open', extended: 'IN_PROGRESS' },
  fed_back: { status: 'open', extended: 'IN_PROGRESS' },
  deferred: { status: 'open', extended: 'ACTION_SCHEDULED' },
  ledger: { status: 'open', extended: 'NO_FURTHER_ACTION' },
  closed: { status: 'closed', extended: 'FIXED' },
  evaluated: { status: 'closed', extended: 'FIXED' },
  voided: { status: 'closed', extended: 'CANCELLED' },
};
