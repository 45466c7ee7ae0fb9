// Golden segmentation of the seed pages: the parser's contract, checked by reading each page by hand.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePage } from '../../src/ingest/parse-page.js';

const SEEDS = path.resolve(__dirname, '../../seeds');
const manifest = JSON.parse(fs.readFileSync(path.join(SEEDS, 'manifest.json'), 'utf8')).files as Record<string, Record<string, unknown>>;

function parseSeed(name: string) {
  return parsePage(fs.readFileSync(path.join(SEEDS, name), 'utf8'), name, manifest[name]);
}

/** [kind, headline, first twelve characters of the body] for every article, in page order. */
const GOLDEN: Record<string, Array<[string, string, string]>> = {
  '000_8534e92c8fa5de4a.txt': [
    ["news","以更优营商环境护航高质量发展","习近平总书记再次亲临山西"],
    ["news","精神不朽 薪火长传","丁荣祖、史梦梅、黄静英、"],
    ["fragment","八月十一日，矿区首期求能实训营学员在矿区文化中心…","八月十一日，矿区首期求能"],
    ["news","院士专家“把脉”建言 产才对接赋能发展","这样的“精准问诊”持续到"],
    ["fragment","越是壮阔的征程，越需要领航的力量","越是壮阔的征程，越需要领"],
    ["news","申济带队视察 财政决算及预算调整情况","本报讯 8月7日，市人大"],
    ["news","第二届山西省男子篮球超级联赛 阳泉赛区决出3个组别冠军","本报讯 8月11日，“杏"],
    ["news","九三学社中央 向柳沟村卫生所捐赠医疗设备","本报讯 近日，九三学社中"],
    ["news","民进阳泉市委 举办参政议政专题培训","本报讯 近日，民进阳泉市"],
    ["notice","阳泉市市民文明公约","胸怀祖国爱阳泉，奉献社会"],
  ],
  '001_c6e2f0a3ee1ee963.txt': [
    ["news","雷健坤調研重點項目建設 搶抓黃金期 跑出加速度 以高質量項目建設推動全市高質量發展","本報訊 8月6日，市委書"],
    ["photo","8月6日，陽泉高新區智能制造產業園，連片的光伏板…","8月6日，陽泉高新區智能"],
    ["news","星火弘源活性氧化鈣項目周轉宿舍區主體完工","本報訊 日前，記者從山西"],
    ["news","鴻振鋅業技術改造項目（一期）推進過半","本報訊 日前，記者從平定"],
    ["document","《整治形式主義為基層減負若干規定》 中共中央辦公廳國務院辦公廳印發","新華社北京8月6日電 中"],
    ["news","孟縣建設綜合金融一體化 服務示范縣簽約儀式舉行","本報訊 8月6日，孟縣建"],
    ["news","王琳玉帶隊專題調研耐火產業提質增效工作","本報訊 為深入貫徹落實習"],
    ["news","“小托管”托起職工“大幸福”","“我家孩子現在特別愛去工"],
  ],
  '002_6d9413301690a35d.txt': [
    ["news","从“办事慢、多头跑”到“好办快办”","政务服务的效能与温度,是"],
    ["news","我市多措并举推进林区烟花爆竹燃放管控工作","春节临近,烟花爆竹燃放活"],
    ["photo","2月6日,郊区荫营镇下白泉村鑫汇通现代农业园大棚…","2月6日,郊区荫营镇下白"],
    ["news","吹响奋进“十五五”新征程的强劲号角","大道如砥,行者无疆。当前"],
    ["news","苍岳农产品公司产销“双线”飘红","随着春节临近,年货生产和"],
    ["news","李遊到阳泉师范高等专科学校看望慰问高层次人才","2月6日,市委常委、组织"],
    ["news","郭晓东看望慰问著名科幻作家刘慈欣","近日,市委常委、宣传部部"],
    ["news","徐本宁赴平定县冶西镇新派联村开展春节慰问","2月5日,市政协副主席徐"],
    ["news","市总工会联合市文联举行主题采风创作活动","2月3日至4日,作为我市"],
    ["photo","春节临近,春联、“福”字、窗花、红灯笼等春节饰品…","春节临近,春联、“福”字"],
    ["notice","山西省实施《工伤保险条例》办法","第二十五条 工伤职工经复"],
    // A column of lost-item notices under one 遗失声明 heading: each notice is an article of its own.
    ["notice","因不慎将王娟文的残疾人证丢失,残疾人证号为140…","因不慎将王娟文的残疾人证"],
    ["notice","因不慎将阳泉市矿区恒泰商厦中心的财务专用章丢失,…","因不慎将阳泉市矿区恒泰商"],
  ],
  '003_55180c3807381c6e.txt': [
    // A subject line and its predicate under a kicker are one headline printed on two lines.
    ["news","灵石县经济技术开发区 链式招商促进产业集群发展","本报讯 (记者杨星宇)今"],
    ["news","档案会说话 历史在身边","本报讯 (记者王文安 闫"],
    ["photo","5月20日下午,太谷秧歌国家级非遗传承人孙贵明和…","5月20日下午,太谷秧歌"],
    ["news","我市开展食品安全跨区域交叉检查","本报讯 (记者郭娟)5月"],
    ["news","市城市管理局 现场解读+直播互动 服务群众零距离","本报讯 (记者雷昊)5月"],
    ["news","深入贯彻中央八项规定精神学习教育市委督导组培训会议召开","本报讯 (记者郝宇佳)5"],
    ["news","李哲主持召开我市“三夏”生产工作安排部署会","本报讯 (记者雷昊)5月"],
    ["news","李哲会见北京新发农林科技集团有限责任公司常务副总经理陈从兵一行","本报讯 5月21日,市委"],
    ["news","辛琰带队开展全市疾病预防控制事业发展情况专题调研","本报讯 按照市人大常委会"],
    ["news","张英杰带队开展住宅物业管理工作情况专题调研","本报讯 5月20日,市人"],
  ],
  '004_b1d9b06a2ccdaf4a.txt': [
    ["news","榆次太谷灵石左权和顺综改区晋中开发区 传达学习市委经济工作会议精神","本报讯 连日来,榆次区、"],
    ["news","李文兵赴山西医科大学走访慰问联系服务专家","本报讯 (记者王晶)1月"],
    ["news","市营商环境局以审批效能升级全力护航二〇二六年项目建设“开门红”","开局即冲刺,攻坚正当时。"],
    ["news","“一纸建议”掷地有声 实景答卷笃行为民","人大代表建议承载着人民群"],
    ["news","戏韵入书馆 晋腔代代传","的独特魅力,征服了线上线"],
    ["photo","近日,山西平遥华兴电机铸造有限公司自动化浇铸生产…","近日,山西平遥华兴电机铸"],
  ],
};

describe('golden segmentation of the seed pages', () => {
  for (const [name, expected] of Object.entries(GOLDEN)) {
    it(`splits ${name} into the hand-checked articles`, () => {
      const got = parseSeed(name).articles.map((a) => [a.kind, a.title, [...a.text].slice(0, 12).join('')]);
      expect(got).toEqual(expected);
    });
  }
});

describe('what the seed pages teach the parser', () => {
  it('reads the masthead of the traditional-script front page and calls it page 1', () => {
    const page = parseSeed('001_c6e2f0a3ee1ee963.txt');
    expect(page.masthead).toBe(true);
    // The manifest's paper name wins over the printed one (front matter > manifest > text).
    expect(page.meta).toMatchObject({ paper: '阳泉日报', date: '2025-08-07', issue: '15434', page: '1', pageCount: 4 });
    expect(page.articles[0].text).not.toMatch(/YANGQUAN|公眾號|第15434期/);
  });

  it('reads mastheads and running heads laid out other ways: one line, spaced digits, 第N号, 第N版 with the page name', () => {
    const meta = (text: string) => parsePage(text, 'x.txt', null).meta;
    expect(meta('長治日報 2025年03月20日 星期四 第12001期 今日8版\n\n## 全市經濟工作會議召開\n\n本報訊 3月19日，會議召開。\n'))
      .toMatchObject({ paper: '長治日報', date: '2025-03-20', issue: '12001', page: '1', pageCount: 8 });
    expect(meta('# 晋城日报\n\n2023年 5月 16日  星期二\n\n第 9876 期 · 今日12版\n\n## 招商推介会举行\n\n本报讯 5月15日，推介会举行。\n'))
      .toMatchObject({ paper: '晋城日报', date: '2023-05-16', issue: '9876', pageCount: 12 });
    expect(meta('山西日报\n2025年1月9日\n星期四\n第25001号\n今日16版\n\n省政府召开常务会议\n\n本报讯 1月8日，会议召开。\n'))
      .toMatchObject({ paper: '山西日报', date: '2025-01-09', issue: '25001' });
    expect(meta('阳泉日报 2025年8月7日 星期四 第3版 要闻 责编：张三\n\n## 防汛工作会议召开\n\n本报讯 8月6日，会议召开。\n'))
      .toMatchObject({ paper: '阳泉日报', date: '2025-08-07', page: '3', pageName: '要闻', issue: null });
  });

  it('keeps page furniture (本版责编, 美编) out of the articles', () => {
    const page = parsePage('本版责编：赵六  美编：钱七\n\n## 市区新增三处口袋公园\n\n本报讯 今年以来，市区新建三处口袋公园。\n', 'x.txt', null);
    expect(page.articles.map((a) => a.title)).toEqual(['市区新增三处口袋公园']);
    expect(page.articles[0].text).not.toContain('责编');
  });

  it('never invents date or page for pages without a masthead', () => {
    for (const name of ['000_8534e92c8fa5de4a.txt', '002_6d9413301690a35d.txt', '003_55180c3807381c6e.txt', '004_b1d9b06a2ccdaf4a.txt']) {
      const page = parseSeed(name);
      expect(page.masthead).toBe(false);
      expect(page.meta.date).toBeNull();
      expect(page.meta.page).toBeNull();
      expect(page.meta.issue).toBeNull();
      expect(page.meta.paper).not.toBeNull();
    }
  });

  it('rejoins a paragraph broken mid-sentence by a column break and remembers where', () => {
    const lead = parseSeed('001_c6e2f0a3ee1ee963.txt').articles[0];
    expect(lead.text).toContain('必須跑出加速度、干出高質量。');
    const at = lead.text.indexOf('干出高質量') + 2;
    expect(lead.joins).toContain(at);
  });

  it('takes kicker, subtitle, column label and byline apart from the headline', () => {
    const p001 = parseSeed('001_c6e2f0a3ee1ee963.txt').articles;
    expect(p001.find((a) => a.title.startsWith('星火弘源'))).toMatchObject({ kicker: '強信心 抓落实 十大戰略進行時', byline: '張泉東 李超' });
    expect(p001.find((a) => a.title.startsWith('孟縣'))?.subtitle).toBe('鞠振出席並講話');
    const p002 = parseSeed('002_6d9413301690a35d.txt').articles;
    expect(p002[0]).toMatchObject({ column: '潞泉视点', subtitle: '——看郊区“七办”如何提升群众办事体验', byline: '郭鑫璐 赵雨星' });
    const p004 = parseSeed('004_b1d9b06a2ccdaf4a.txt').articles;
    expect(p004[1]).toMatchObject({ column: '政务动态 ZHENGWUDONGTAI', byline: '记者王晶' });
    expect(p004[2].byline).toBe('本报记者 郝宇佳');
  });

  it('records continuation jumps in both directions', () => {
    const p001 = parseSeed('001_c6e2f0a3ee1ee963.txt').articles;
    expect(p001.find((a) => a.title.startsWith('《整治形式主義'))?.continuedTo).toBe('3');
    expect(p001.find((a) => a.title.startsWith('“小托管”'))?.continuedTo).toBe('2');
    const p000 = parseSeed('000_8534e92c8fa5de4a.txt').articles;
    expect(p000.filter((a) => a.continuedFrom === '1').map((a) => a.title)).toEqual([
      '精神不朽 薪火长传', '院士专家“把脉”建言 产才对接赋能发展', '越是壮阔的征程，越需要领航的力量',
    ]);
  });

  it('drops OCR-repeated headline lines and the second copy of a photo caption', () => {
    const p003 = parseSeed('003_55180c3807381c6e.txt').articles;
    expect(p003.filter((a) => a.title.includes('李哲会见'))).toHaveLength(1);
    expect(p003.find((a) => a.title.includes('服务群众零距离'))?.text).not.toContain('服务群众零距离\n');
    const p004 = parseSeed('004_b1d9b06a2ccdaf4a.txt').articles;
    const copies = p004.filter((a) => a.text.includes('山西平遥华兴电机铸造有限公司自动化浇铸生产线'));
    expect(copies).toHaveLength(1);
    expect(copies[0].kind).toBe('photo');
  });

  it('keeps a feature with section subheads as one article', () => {
    const feature = parseSeed('004_b1d9b06a2ccdaf4a.txt').articles.find((a) => a.title.startsWith('“一纸建议”'));
    expect(feature?.text).toContain('提质农村供水 筑牢乡村振兴基石');
    expect(feature?.text).toContain('郑丽敏提交了《关于推进农村供水提质增效工程的建议》');
  });

  it('keeps character offsets into the original file', () => {
    const text = fs.readFileSync(path.join(SEEDS, '003_55180c3807381c6e.txt'), 'utf8');
    for (const a of parseSeed('003_55180c3807381c6e.txt').articles) {
      const span = text.slice(a.parts[0].start, a.parts[0].end);
      const firstLine = a.text.split('\n')[0];
      // Up to the first rejoined column break, the body is verbatim file text.
      expect(span).toContain(firstLine.slice(0, a.joins.find((j) => j > 0 && j < firstLine.length) ?? firstLine.length));
      expect(text.slice(a.parts[0].start, a.parts[0].end).length).toBe(a.parts[0].end - a.parts[0].start);
    }
  });
});
