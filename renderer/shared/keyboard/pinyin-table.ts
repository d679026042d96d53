/**
 * A compact pinyin → characters table for what residents write on the bus: comments about the
 * service and the line, and handbook searches (insurance, pension, subsidies, certificates).
 * Words come first so that a whole word is one tap; single syllables list their common characters
 * in order of use. Entries are "pinyin:汉字" (a word) or "pinyin:字字字" (characters of a syllable).
 */
const words = `
gongjiao:公交 gongjiaoche:公交车 banche:班车 banci:班次 siji:司机 chengke:乘客 zhandian:站点 zuowei:座位
fuwu:服务 manyi:满意 bumanyi:不满意 xiexie:谢谢 ganxie:感谢 feichang:非常 henhao:很好 tebie:特别
taidu:态度 reqing:热情 naixin:耐心 ganjing:干净 shufu:舒服 fangbian:方便 anquan:安全
kongtiao:空调 taire:太热 taileng:太冷 yongji:拥挤 shijian:时间 dengdai:等待 dengche:等车
tingche:停车 shangche:上车 xiache:下车 kaiche:开车 tai:太 kuai:快 man:慢 zao:早 wan:晚
jianyi:建议 xiwang:希望 zengjia:增加 gaijin:改进 wenti:问题 fanying:反映 yijian:意见 tousu:投诉
shequ:社区 jiedao:街道 juweihui:居委会 dangqun:党群 dangyuan:党员 zhiyuanzhe:志愿者 huodong:活动
laoren:老人 laonianren:老年人 gaoling:高龄 butie:补贴 gaolingbutie:高龄补贴 yanglao:养老 yanglaojin:养老金
yiliao:医疗 yibao:医保 yiliaobaoxian:医疗保险 baoxian:保险 shebao:社保 jiben:基本 canbao:参保
yiyuan:医院 weisheng:卫生 yisheng:医生 tijian:体检 yiliaofuwu:医疗服务 kanbing:看病 baoxiao:报销
zhengce:政策 shouce:手册 banli:办理 shenqing:申请 daiban:代办 zixun:咨询 zhengjian:证件 zhengzhao:证照
shenfenzheng:身份证 hukou:户口 hukouben:户口本 zhaopian:照片 cailiao:材料 fuyinjian:复印件
diandongche:电动车 dengji:登记 paizhao:牌照 dangzuzhi:党组织 guanxi:关系 zhuanjie:转接 zhuanyi:转移
xuexiao:学校 xiaoxue:小学 haizi:孩子 jiazhang:家长 dadaji:大集 shichang:市场 gongzuo:工作
women:我们 wo:我 ni:你 nin:您 tamen:他们 keyi:可以 xuyao:需要 meiyou:没有 zhidao:知道
mingtian:明天 jintian:今天 zuotian:昨天 shangwu:上午 xiawu:下午 meitian:每天 zhoumo:周末
xiansheng:先生 nvshi:女士 ayi:阿姨 daye:大爷 nainai:奶奶 yeye:爷爷 shifu:师傅 laoshi:老师
`;

/** Common surnames, so a resident can leave a name such as 王女士 on a ticket. */
const surnames = `
wang:王汪 li:李黎 zhang:张 liu:刘 chen:陈 yang:杨 huang:黄 zhao:赵 wu:吴武 zhou:周 xu:徐许 sun:孙
ma:马 zhu:朱 hu:胡 guo:郭 he:何贺 gao:高 lin:林 luo:罗 zheng:郑 liang:梁 xie:谢 song:宋 tang:唐
han:韩 feng:冯 deng:邓 cao:曹 peng:彭 zeng:曾 xiao:肖 tian:田 dong:董 yuan:袁 pan:潘 yu:于余
jiang:蒋姜江 cai:蔡 du:杜 ye:叶 cheng:程 su:苏 wei:魏 lv:吕 ding:丁 ren:任 shen:沈 yao:姚 lu:卢陆
cui:崔 zhong:钟 tan:谭 fan:范 jin:金 shi:石史 liao:廖 jia:贾 xia:夏 fang:方 bai:白 zou:邹 meng:孟
xiong:熊 qin:秦 qiu:邱 yin:尹 xue:薛 yan:闫严 duan:段 lei:雷 hou:侯 long:龙 tao:陶 gu:顾 mao:毛
`;

const syllables = `
a:啊阿 ai:爱哎 an:安按 ba:吧八把 bai:白百 ban:办班半 bang:帮 bao:保报包 bei:被北 ben:本 bi:比必
bian:便边变 biao:表 bie:别 bu:不部步补 cai:才菜材 can:参 ce:册 che:车 chang:常长场 chen:晨 cheng:乘成
chi:吃 chu:出 ci:次 cong:从 da:大打 dai:代带 dan:但单 dang:党当 dao:到道 de:的得 deng:等登 di:地第
dian:点电店 ding:定 dong:动东 dou:都 duo:多 e:额 er:二 fa:发 fan:反饭 fang:方放房 fei:非费 fen:分
fu:服福复 gai:改该 gan:感干 gao:高 ge:个 gei:给 gong:公工共 gu:顾 guan:关管 guo:过 hai:还孩 hao:好号
he:和 hen:很 hou:后 hu:户护 hua:话 huan:换 hui:会回 huo:活 ji:及几急基机 jia:家加 jian:建见检
jiang:讲 jiao:交 jie:街接 jin:今进 jing:净 jiu:就 ju:居 ke:可 kong:空 kuai:快 lai:来 lao:老
le:了 leng:冷 li:里理 liang:两 liao:疗 ling:龄 lu:路 ma:吗妈 man:满慢 mei:没每 men:们门 ming:明
na:那拿 nan:难 ne:呢 neng:能 ni:你 nian:年 nin:您 pai:排牌 pian:片 qi:起期 qian:前 qing:请情
qu:去区 re:热 ren:人 ri:日 shang:上 shao:少 she:社 shen:身申 sheng:生 shi:是时事市 shou:手 shu:书
si:司四 ta:他她 tai:太 ti:体 tian:天 ting:停听 tong:通 wan:晚 wei:为位 wen:问 wo:我 xia:下
xian:现 xiang:想 xiao:小 xie:谢 xin:新心 xu:需 xue:学 yang:养 yao:要 ye:也 yi:一医意 yin:因
ying:应 yong:用 you:有 yu:与 yuan:院 yue:月 zai:在再 zao:早 zen:怎 zeng:增 zhan:站 zhang:张
zhao:照找 zhe:这 zhen:真 zheng:政证 zhi:知 zhong:中 zhu:住 zi:自 zuo:坐做座
`;

export interface Candidate {
  /** The pinyin this candidate consumes from the typed letters. */
  pinyin: string;
  text: string;
}

const parse = (source: string, split: boolean): Candidate[] =>
  source
    .trim()
    .split(/\s+/)
    .flatMap((entry) => {
      const [pinyin, hanzi] = entry.split(':') as [string, string];
      return split ? [...hanzi].map((text) => ({ pinyin, text })) : [{ pinyin, text: hanzi }];
    });

const wordList = parse(words, false);
const charList = [...parse(syllables, true), ...parse(surnames, true)];

/**
 * Candidates for the typed letters, best first: whole words that the letters begin with (longest
 * first), then characters of the leading syllable, then words the letters are the start of.
 */
export function candidatesFor(letters: string): Candidate[] {
  if (letters === '') return [];
  const seen = new Set<string>();
  const out: Candidate[] = [];
  const add = (c: Candidate) => {
    if (!seen.has(c.text)) {
      seen.add(c.text);
      out.push(c);
    }
  };
  const byLength = (a: Candidate, b: Candidate) => b.pinyin.length - a.pinyin.length;
  wordList.filter((w) => letters.startsWith(w.pinyin)).sort(byLength).forEach(add);
  charList.filter((c) => letters.startsWith(c.pinyin)).sort(byLength).forEach(add);
  wordList.filter((w) => w.pinyin.startsWith(letters) && w.pinyin !== letters).forEach((w) => add({ pinyin: letters, text: w.text }));
  charList.filter((c) => c.pinyin.startsWith(letters) && c.pinyin !== letters).forEach((c) => add({ pinyin: letters, text: c.text }));
  return out;
}
