// Layout conventions of small papers (county weeklies, town papers, Taiwan-style pages), each on an invented page:
// what a reader sees as the articles, headlines, bylines and page facts.
import { describe, expect, it } from 'vitest';
import { parsePage } from '../../src/ingest/parse-page.js';

const page = (lines: string[]) => parsePage(lines.join('\n'), 'page.txt', null);
const titles = (lines: string[]) => page(lines).articles.map((a) => a.title);

describe('small-paper layouts', () => {
  it('keeps a bracket that dates or numbers a headline (积分榜（第12轮后）) in the headline; a column name stays a column', () => {
    const p = page([
      '湖畔杯联赛第12轮战罢', '本报记者 裘立新', '',
      '昨日，湖畔杯业余足球联赛第12轮比赛全部结束，北岸队继续领跑。', '主教练表示，球队将总结经验，备战下一轮比赛。', '',
      '湖畔杯联赛积分榜（第12轮后）', '',
      '第一名　北岸队　12场　9胜2平1负　29分', '', '第二名　南湾队　12场　8胜2平2负　26分', '',
      '小区门口的路灯修好了（12345在线）', '',
      '居民反映小区门口路灯不亮，相关部门接到反映后两天内完成了维修。',
    ]);
    expect(p.articles.map((a) => a.title)).toEqual(['湖畔杯联赛第12轮战罢', '湖畔杯联赛积分榜（第12轮后）', '小区门口的路灯修好了']);
    expect(p.articles[2].column).toBe('12345在线');
  });

  it('reads a bulleted byline (□ 记者 某某 通讯员 某某) as the byline, whatever the surnames', () => {
    const p = page([
      '县水务局召开冬修动员会', '□ 记者 覃芳 通讯员 练思雨', '',
      '12月3日，县水务局召开冬修水利动员会，部署今冬明春水利建设任务。会议要求各乡镇抓紧开工。', '',
      '城南小学新建食堂投入使用', '□ 通讯员 蒯云舟', '',
      '日前，城南小学新建食堂投入使用，可同时容纳八百名学生就餐。',
    ]);
    expect(p.articles.map((a) => a.title)).toEqual(['县水务局召开冬修动员会', '城南小学新建食堂投入使用']);
    expect(p.articles.map((a) => a.byline)).toEqual(['记者 覃芳 通讯员 练思雨', '通讯员 蒯云舟']);
  });

  it('reads 记者 and one name of a rarer or unlisted surname (宓, 庹, 仉) as a byline under an exclaiming headline, not as the headline', () => {
    const p = page([
      '冬夜暖心！社区食堂推出夜宵窗口', '', '记者 宓晓禾', '',
      '1月9日起，城北社区食堂推出夜宵窗口，每晚供应到22时，主要方便夜班工人和环卫工人。', '',
      '老旧电梯更新进度过半', '', '记者 庹一鸣', '',
      '记者从市住建局获悉，全市今年计划更新的老旧电梯已完成一半以上，其余将在年底前完工。', '',
      // A surname no table lists (仉): one role, a space and a name that is no word still make a byline.
      '夜市摊点有了统一规划', '', '记者 仉云帆', '',
      '城东夜市近日完成改造，新设标准摊位120个，统一配备了垃圾分类桶和消防器材。',
    ]);
    expect(p.articles.map((a) => a.title)).toEqual(['冬夜暖心！社区食堂推出夜宵窗口', '老旧电梯更新进度过半', '夜市摊点有了统一规划']);
    expect(p.articles.map((a) => a.byline)).toEqual(['记者 宓晓禾', '记者 庹一鸣', '记者 仉云帆']);
  });

  it('rejoins text hard-wrapped at a column width (a PDF export), mid-word and mid-number, paragraph by paragraph', () => {
    // Each paragraph indented and broken every 24 characters, as a PDF column export prints it.
    const wrap = (paragraph: string) => (`　　${paragraph}`.match(/.{1,24}/gu) ?? []);
    const p = page([
      '城西公交枢纽下月投用', '记者 庹一鸣',
      ...wrap('记者从市交通局获悉，城西公交枢纽改造工程已完成主体施工，新建候车长廊一座，设置充电桩36个，预计下月投用。'),
      ...wrap('枢纽负责人介绍，改造期间共有4100余名乘客参与了线路优化意见征集，新开通的两条线路将直达高铁站。'),
      '',
      '图书馆延长开放时间', '文/图 记者 宓晓禾',
      ...wrap('今年起，市图书馆延长开放时间，工作日开放至21时，周末开放至22时，并新增自助借还设备12台。'),
    ]);
    expect(p.articles.map((a) => a.title)).toEqual(['城西公交枢纽下月投用', '图书馆延长开放时间']);
    expect(p.articles.map((a) => a.byline)).toEqual(['记者 庹一鸣', '文/图 记者 宓晓禾']);
    const [first, second] = p.articles.map((a) => a.text);
    expect(first.split('\n')).toHaveLength(2);
    expect(first).toContain('共有4100余名乘客参与了线路优化');
    expect(second).toContain('工作日开放至21时');
  });

  it('keeps a 公示 listing names by unit or prize (文学院：某某　某某) in one notice', () => {
    const p = page([
      '2025年度优秀学生干部拟表彰名单公示', '',
      '经各学院推荐、学校审核，拟表彰以下同学为优秀学生干部，现予以公示：',
      '化学学院：韩若溪　陈一鸣　邹子航',
      '历史学院：孙书瑶　罗景行',
      '一等奖学金：魏知远　许清禾',
      '公示期为12月1日至12月5日，如有异议请向学生处反映。',
    ]);
    expect(p.articles.map((a) => a.title)).toEqual(['2025年度优秀学生干部拟表彰名单公示']);
    expect(p.articles[0].text).toContain('历史学院：孙书瑶');
  });

  it('reads a reader signing a letter (某某小区居民　某某) as its author, not as a headline', () => {
    const p = page([
      '小区门口的路灯该修一修了', '',
      '编辑同志：', '',
      '我住在城北花园小区，小区门外的路上有几盏路灯坏了一个多月，晚上老人和孩子走这里很不安全，希望有关部门尽快修一修。', '',
      '城北花园小区居民　鄢立诚',
    ]);
    expect(p.articles.map((a) => a.title)).toEqual(['小区门口的路灯该修一修了']);
    expect(p.articles[0].byline).toContain('鄢立诚');
  });

  it('reads each event of a notice block (title, then 时间：/地点：/主讲人： lines) as an item of its own', () => {
    const p = page([
      '学术讲座预告',
      '城市更新中的历史街区保护',
      '时间：12月3日（周三）14:30',
      '地点：建筑楼一楼报告厅',
      '主讲人：闵知远　建筑学院教授',
      '深海探测装备的发展',
      '时间：12月5日（周五）19:00',
      '地点：海洋楼302教室',
      '主讲人：邬望舒　海洋学院研究员',
    ]);
    expect(p.articles.map((a) => a.title)).toEqual(['城市更新中的历史街区保护', '深海探测装备的发展']);
    expect(p.articles[1].text).toContain('地点：海洋楼302教室');
  });

  it('takes rule lines (────) and the publisher line for furniture, never for a headline', () => {
    const t = titles([
      '南溪時報', '中華民國114年3月2日　星期日', '第2301號　今日8版', '南溪時報社發行', '',
      '南溪轉運站啟用 8條路線進駐', '', '記者文若蘭／南溪報導',
      '南溪縣第一座客運轉運站1日啟用，每日發車約200班次。縣府表示，轉運站啟用後轉乘更方便。', '', '────', '',
      '議會定期會閉會 通過5項自治條例', '', '記者許安和／南溪報導',
      '南溪縣議會定期會1日閉會，共通過5項自治條例。議長表示，各項條例將送行政院備查。',
    ]);
    expect(t).toEqual(['南溪轉運站啟用 8條路線進駐', '議會定期會閉會 通過5項自治條例']);
  });

  it('never takes a licence number (准印证号 第0417号) for the issue; reads 第九期 and a spaced-out masthead name', () => {
    const a = page(['樟溪周报', '内部资料准印证号：（99）第0417号', '2025年12月4日　星期四', '第812期　本期4版', '', '县里召开会议', '', '12月3日，县里召开会议，研究冬季工作。']);
    expect(a.meta.issue).toBe('812');
    const b = page(['蓼　塘　报', '二〇二五年第九期　第三版　乡风', '蓼塘老街', '石板路上的烟火气', '□ 柯望远', '蓼塘老街不长，从东头到西头，走完也就一刻钟。']);
    expect(b.meta.paper).toBe('蓼塘报');
    expect(b.meta.issue).toBe('9');
    expect(b.meta.page).toBe('3');
    expect(b.articles[0].title).toBe('蓼塘老街 石板路上的烟火气');
    expect(b.articles[0].byline).toBe('柯望远');
  });

  it('keeps a notice page whose masthead is followed by a list of times (星期二 in the text is no masthead)', () => {
    const t = titles([
      '樟溪周报　2025年12月4日　星期四　　第3版　社会·服务　　责任编辑：邹小清', '',
      '樟溪县供电公司停电公告', '', '因线路检修，下列区域将停电，届时请做好准备：', '',
      '12月9日（星期二）8:00—17:00，桃源镇石门村；', '', '12月10日（星期三）8:30—16:30，城关镇新华路东段。', '',
    ]);
    expect(t[0]).toBe('樟溪县供电公司停电公告');
  });

  it('joins a headline line opening with 暨 to the line above, and starts the text at a lead broken before its full stop', () => {
    const p = page([
      '蓼塘镇召开庆祝建党104周年', '暨“七一”表彰大会', '',
      '6月28日上午，蓼塘镇召开庆祝大会，回顾党的光辉历程，表彰先进典型。（记者 俞秋实）', '',
      '南渚村', '荷花节吸引游客万余人', '本报讯（通讯员 蒲若岚）6月21日至22日，南渚村第三届荷花', '节举办，两天吸引游客一万二千余人次。',
    ]);
    expect(p.articles.map((a) => a.title)).toEqual(['蓼塘镇召开庆祝建党104周年 暨“七一”表彰大会', '南渚村 荷花节吸引游客万余人']);
    expect(p.articles[1].subtitle).toBeNull();
    expect(p.articles[1].text).toContain('荷花节举办');
  });

  it('reads an honour roll with numbered sections as one article under its title, and a spaced-out 启　事 as a notice', () => {
    const p = page([
      '蓼塘镇2025年“七一”表彰名单', '一、先进基层党组织（2个）', '菰塘村党总支　南渚村党支部', '二、优秀共产党员（3名）', '宁福山　丁月芳　易春明', '',
      '启　事', '本报下一期将于7月底出版，欢迎各村（社区）踊跃', '投稿。来稿请注明作者姓名和联系电话，投稿邮箱：news@town.example。', '蓼塘报编辑部',
    ]);
    expect(p.articles.map((a) => [a.kind, a.title])).toEqual([['news', '蓼塘镇2025年“七一”表彰名单'], ['notice', '启事']]);
    expect(p.articles[0].text).toContain('二、优秀共产党员');
    expect(p.articles[1].text).toContain('投稿邮箱');
  });

  it('reads the first line of a paragraph broken at the column width under its headline as text, not a subtitle', () => {
    const p = page([
      '城关街道加装电梯进展顺利', '', '今年城关街道共有十四栋老楼申请加装电梯，目前已完工九栋。', '',
      '樟溪区2024年度“最美志愿者”名单', '经各镇街推荐，区志愿服务联合会评审，以下同志被评', '为樟溪区2024年度“最美志愿者”（排名不分先后）：', '邱晓春（南门社区）　汤建华（桑园村）',
    ]);
    expect(p.articles.map((a) => a.title)).toEqual(['城关街道加装电梯进展顺利', '樟溪区2024年度“最美志愿者”名单']);
    expect(p.articles[1].subtitle).toBeNull();
  });

  it('takes an asking headline that opens with a quoted word, and keeps the last row of a weather box in the box', () => {
    const p = page([
      '连续三天最高气温超过35℃', '“烤”验来了！户外劳动者怎么过夏？', '',
      '　　本报讯（记者 谌一鸣）昨天下午两点，地面温度计的读数停在了52℃。环卫工人提前到凌晨四点上岗。', '',
      '樟滨天气', '', '今天　晴　南风3级　27℃～36℃', '明天　晴间多云　南风2到3级　27℃～37℃', '后天　多云转雷阵雨　26℃～34℃', '',
      '高温天气这样防暑', '', '　　尽量避免在11时至16时外出，外出时做好防晒。',
    ]);
    expect(p.articles.map((a) => a.title)).toEqual(['“烤”验来了！户外劳动者怎么过夏？', '樟滨天气', '高温天气这样防暑']);
    expect(p.articles[0].kicker).toBe('连续三天最高气温超过35℃');
    expect(p.articles[1].text).toContain('后天');
    expect(p.articles[2].kicker).toBeNull();
  });

  it('reads a bare name of any surname under a headline as its author, and keeps a poem under its own title', () => {
    const p = page([
      '## 惊蛰', '褚听风', '一声雷', '把冬天', '从土里拎了出来', '',
      '## 种树的人', '芮秋白', '', '他在山坡上', '挖一个坑', '放进一棵树苗', '',
      '## 慢下来，听听花开的声音', '巫山雨', '不知从什么时候开始，我们的生活变得越来越快。走路要快，吃饭要快。', '',
      '记者手记：那盏灯，照见的是初心', '郁青苗', '采访结束下山时，天已经擦黑。回头望去，教学点的灯还亮着。',
    ]);
    expect(p.articles.map((a) => [a.title, a.byline])).toEqual([
      ['惊蛰', '褚听风'], ['种树的人', '芮秋白'], ['慢下来，听听花开的声音', '巫山雨'], ['记者手记：那盏灯，照见的是初心', '郁青苗'],
    ]);
    expect(p.articles[1].text).toContain('挖一个坑');
  });

  it('keeps honour rolls, notice fields and a headline naming a hotline in their articles, and drops page furniture', () => {
    const p = page([
      '樟溪县2024学年度优秀教师表彰名单', '一、优秀教师（4名）',
      '经海川（县第二中学）　厉晓春（东湖小学）　鞠文达（县实验中学）　冀丽（',
      '县职业中专）', '',
      '樟溪港三期码头工程施工招标公告', '', '　　本招标项目已由县发展改革局批准建设，现进行公开招标。', '',
      '　　招标人：樟溪港务集团有限公司', '', '　　招标代理机构：秋水工程咨询有限公司', '', '　　2019年9月5日', '',
      '咨询热线：400-880-2356', '',
      '12345热线一年接诉12万件', '', '　　记者从县政务服务中心获悉，今年以来12345热线共受理群众诉求12万件，办结率99%。', '',
      'B3　地方新闻　　樟溪时报　中华民国113年9月5日　星期四', '',
      '本版责任编辑　韩砚秋　　联系电话　027—8861 2305',
    ]);
    expect(p.articles.map((a) => a.title)).toEqual(['樟溪县2024学年度优秀教师表彰名单', '樟溪港三期码头工程施工招标公告', '12345热线一年接诉12万件']);
    expect(p.articles[1].text).toContain('招标代理机构');
    expect(p.articles.some((a) => /责任编辑|中华民国|400-880/.test(a.text))).toBe(false);
  });

  it('keeps the rows of a results table (第一名　某某（国名）　2:08:41) in the table, not in the next headline', () => {
    const p = page([
      '## 成绩公告', '男子全程马拉松前六名', '',
      '第一名　卡马乌（肯尼亚）　2:08:41', '', '第二名　基普罗（肯尼亚）　2:09:15', '', '第三名　郁晨阳（中国）　2:12:47', '',
      '## 跑道边的温暖', '本报记者　霍思远', '',
      '在金沙湾第二十八公里处的补给站，二十多名志愿者从凌晨四点就开始忙碌。',
    ]);
    expect(p.articles.map((a) => a.title)).toEqual(['成绩公告', '跑道边的温暖']);
    expect(p.articles[0].text).toContain('2:12:47');
    expect(p.articles[1].kicker).toBeNull();
  });

  it('reads a clause under a markdown headline as its subtitle when a byline follows it', () => {
    const p = page([
      '2022樟港国际马拉松昨日开跑', '## 三万跑者奔跑在“最美海岸线”', '肯尼亚选手卡马乌夺冠，郁晨阳获第四', '本报记者　饶敬远', '',
      '昨天早上7时30分，随着一声发令枪响，2022樟港国际马拉松开跑。', '', '本届赛事设全程马拉松、半程马拉松和欢乐跑三个项目。',
    ]);
    expect(p.articles).toHaveLength(1);
    expect(p.articles[0].subtitle).toBe('肯尼亚选手卡马乌夺冠，郁晨阳获第四');
    expect(p.articles[0].text).toContain('三个项目');
  });

  it('keeps a cross-head inside its story when the next paragraph opens with a conjunction (和以往不同的是…)', () => {
    const t = titles([
      '老菜场换了新模样，买菜还能顺手办事？', '',
      '本报讯（记者 方晓云）“以前一下雨，菜场里到处是水。”家住东门的刘阿姨说。', '',
      '记者在现场看到，改造后的市场分为蔬菜、水产、肉类三个区域。', '',
      '便民服务“搬”进菜场', '',
      '和以往不同的是，市场二楼腾出了一块三百多平方米的便民服务区。', '',
    ]);
    expect(t).toEqual(['老菜场换了新模样，买菜还能顺手办事？']);
  });

  it('reads the page and date of running heads that print the page first or last, and ROC dates', () => {
    expect(page(['A04　都市新闻　樟溪都市报　2024年11月6日　星期三　主编 严小青', '', '走近供水管网抢修班', '', '　　记者跟随抢修班走了一天。']).meta)
      .toMatchObject({ paper: '樟溪都市报', date: '2024-11-06', page: 'A04' });
    expect(page(['B3　地方新聞　　樟濱時報　中華民國113年9月27日　星期五', '', '地方創生', '', '　　老街變身文創聚落。']).meta)
      .toMatchObject({ paper: '樟濱時報', date: '2024-09-27', page: 'B3' });
  });
});
