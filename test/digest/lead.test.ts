// The digest's one-line summary is the lead sentence, whole: what an editor could print as the day's 要目.
import { describe, expect, it } from 'vitest';
import { leadSentence } from '../../src/digest/lead.js';

// Made-up articles in the shapes papers print them.
const lead = (title: string, text: string, subtitle: string | null = null) => leadSentence({ title, text, subtitle });

describe('leadSentence', () => {
  it.each([
    ['本报讯', '本报讯 3月11日，市区新开通3条公交线路，方便市民出行。\n线路途经火车站。'],
    ['本报讯 with a bracketed reporter', '本报讯（记者 周明远）3月11日，市区新开通3条公交线路，方便市民出行。线路途经火车站。'],
    ['本报X月X日讯', '本报3月12日讯 3月11日，市区新开通3条公交线路，方便市民出行。'],
    ['新华社X地X月X日电', '新华社北京3月12日电（记者 李华）3月11日，市区新开通3条公交线路，方便市民出行。'],
    ['本报记者 X 报道', '本报记者 陈晨 报道\n3月11日，市区新开通3条公交线路，方便市民出行。'],
    ['traditional script', '本報訊 3月11日，市区新开通3条公交线路，方便市民出行。'],
  ])('starts after the lead formula: %s', (_shape, text) => {
    expect(lead('市区新增三条公交线路', text)).toBe('3月11日，市区新开通3条公交线路，方便市民出行。');
  });

  it('keeps a lead sentence whole rather than cutting it at a character count', () => {
    const sentence = '记者从市人力资源和社会保障局获悉，今年一季度，我市新增城镇就业岗位3200个，城镇调查失业率控制在5.1%以内，发放创业担保贷款4600万元。';
    expect([...sentence].length).toBeGreaterThan(70);
    expect(lead('我市新增就业岗位3200个', `本报讯 ${sentence}市人社局表示将继续努力。`)).toBe(sentence);
  });

  it('skips a quoted remark and the "X said" after it', () => {
    const text = '“以前办执照要跑两趟，现在一个小时就办好了。”个体经营者王先生笑着说。3月5日，市政务服务中心推出“一窗通办”服务，企业开办时间压缩至半天。';
    expect(lead('开办企业半天办结', text)).toBe('3月5日，市政务服务中心推出“一窗通办”服务，企业开办时间压缩至半天。');
  });

  it('skips a quotation that runs over several sentences', () => {
    const text = '“孩子放假有人管了。我们上班也安心。”家长李女士说。近日，市总工会在8个社区开设暑期托管班，接收职工子女600余名。';
    expect(lead('暑期托管班开班', text)).toBe('近日，市总工会在8个社区开设暑期托管班，接收职工子女600余名。');
  });

  it('skips a first sentence that repeats the headline', () => {
    const text = '越是关键时期，越要担当作为。全市各级干部要把心思和精力集中到抓落实上，以实干实绩推动各项任务完成。';
    expect(lead('越是关键时期，越要担当作为', text)).toBe('全市各级干部要把心思和精力集中到抓落实上，以实干实绩推动各项任务完成。');
  });

  it('gives a photo the caption without its credit, not the caption that is already its headline', () => {
    // The headline is the caption cut short: the summary is the caption's next sentence, credit removed.
    expect(lead('3月11日，河东湿地公园的桃花竞相开放，吸引…', '3月11日，河东湿地公园的桃花竞相开放，吸引众多市民前来赏花踏青。据了解，公园今年新栽桃树1200株。 本报通讯员 李晓东 摄'))
      .toBe('据了解，公园今年新栽桃树1200株。');
    // A one-sentence caption that is the headline: nothing to add.
    expect(lead('3月11日，市民在河东湿地公园赏花踏青', '3月11日，市民在河东湿地公园赏花踏青。 　　李晓东　摄')).toBe('');
    // A caption under a separate headline keeps its text and loses the credit (also written against the text).
    expect(lead('春到河湾', '3月11日，河湾镇的油菜花进入盛花期。张泽慧摄')).toBe('3月11日，河湾镇的油菜花进入盛花期。');
  });

  it('skips a couplet-like opener and the tail of a sentence begun on another page', () => {
    expect(lead('奋进新征程', '大道如砥，行者无疆。当前，全市上下正以昂扬姿态奋进新征程，推动经济社会高质量发展。'))
      .toBe('当前，全市上下正以昂扬姿态奋进新征程，推动经济社会高质量发展。');
    expect(lead('戏曲进书馆', '的独特魅力，征服了现场观众。近日，市图书馆举办戏曲专场演出，吸引300余名市民观看。'))
      .toBe('近日，市图书馆举办戏曲专场演出，吸引300余名市民观看。');
  });

  it('starts after a purpose clause that only precedes the news', () => {
    const text = '本报讯 为深入贯彻落实全市经济工作会议精神，进一步优化营商环境，3月10日，市人大常委会副主任林秀珍带队视察全市营商环境建设情况。';
    expect(lead('市人大常委会视察营商环境建设', text)).toBe('3月10日，市人大常委会副主任林秀珍带队视察全市营商环境建设情况。');
  });

  it('shortens a very long lead at a clause boundary, never inside a clause or after a title', () => {
    const sentence =
      '3月12日，市委常委、副市长，河东新区党工委书记、管委会主任王建国会见远航物流集团有限公司董事长陈明一行，' +
      '双方围绕冷链物流园区建设、跨境电商服务平台搭建和农产品产销对接等事项深入交流，' +
      '并就下一步在新区设立区域总部、共建物流信息平台达成初步意向。';
    const summary = lead('王建国会见远航物流集团客人', `本报讯 ${sentence}`);
    expect([...summary].length).toBeLessThanOrEqual(100);
    expect(summary.endsWith('。')).toBe(true);
    // A run of the sentence's own clauses: the original goes on with a comma where the summary ends.
    const body = summary.slice(0, -1);
    expect(sentence.startsWith(`${body}，`)).toBe(true);
    expect(body).toContain('王建国会见远航物流集团有限公司董事长陈明一行');
    // Tighter: the only clause boundaries within 60 characters follow a date and a title; the cut comes after the news.
    expect(leadSentence({ title: '王建国会见客人', text: sentence, subtitle: null }, { maxChars: 60 }))
      .toBe('3月12日，市委常委、副市长，河东新区党工委书记、管委会主任王建国会见远航物流集团有限公司董事长陈明一行。');
  });

  it('takes the next sentence too after a very short lead', () => {
    expect(lead('年货市场供销两旺', '春节临近，年货销售进入旺季。连日来，市区各大超市加派人手，全力保障市场供应。'))
      .toBe('春节临近，年货销售进入旺季。连日来，市区各大超市加派人手，全力保障市场供应。');
  });

  it('ends a notice summary as a sentence', () => {
    expect(lead('市民文明公约', '爱国守法讲诚信，敬业奉献做贡献；邻里和睦尊长辈，爱护环境美家园；')).toMatch(/。$/);
  });
});
