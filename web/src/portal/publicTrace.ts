// 产品追溯 on the portal (issue 18, point 6): a lot's public summary (GET /api/v1/public/trace):
// the product and lot, the firms that made it and when, and its recall notices. The page's
// messages are merged into the i18n tables when this module loads (the page's own chunk).
import { i18n } from '../i18n';

export interface PublicMaker {
  uscc: string;
  name: string;
  produced_at: string;
}

export interface PublicTrace {
  id: string;
  gtin: string;
  lot: string;
  makers: PublicMaker[];
  recalls: { title?: string; published_on?: string }[];
}

// What a consumer types or a scanner gives: GTIN+lot, "GTIN lot", or a Digital Link on any domain.
export function lotQuery(text: string): string {
  const s = text.trim();
  const spaced = /^(\d{8,14})\s+(\S+)$/.exec(s);
  return spaced ? `${spaced[1]}+${spaced[2]}` : s;
}

const zh = {
  title: '产品追溯查询', hint: '输入包装上的商品条码和批号（如 06900000010006+L2026-09-19001），或扫描包装上的二维码（GS1 数字链接）后粘贴其网址。',
  placeholder: '商品条码+批号，或数字链接网址', search: '查询', product: '商品条码', lot: '批号', makers: '生产企业', producedAt: '生产日期',
  uscc: '统一社会信用代码', recall: '召回信息', noRecall: '暂无该批次的召回信息', badId: '无法识别：请输入商品条码+批号（如 06900000010006+L2026-09-19001）或带批号的数字链接',
  notFound: '没有该批次的追溯记录，请核对商品条码和批号', noMaker: '生产企业尚未登记', scope: '本页只公示产品的生产企业、生产日期和召回信息，不含流向与数量。',
};
const en = {
  title: 'Product trace', hint: 'Enter the GTIN and lot printed on the pack (e.g. 06900000010006+L2026-09-19001), or scan the pack\'s QR code (GS1 Digital Link) and paste its address.',
  placeholder: 'GTIN+lot, or a Digital Link address', search: 'Look up', product: 'GTIN', lot: 'Lot', makers: 'Made by', producedAt: 'Produced on',
  uscc: 'USCC', recall: 'Recalls', noRecall: 'No recall notice for this lot', badId: 'Not readable: enter GTIN+lot (e.g. 06900000010006+L2026-09-19001) or a Digital Link with its lot',
  notFound: 'No trace record of this lot: check the GTIN and the lot', noMaker: 'The maker is not registered yet', scope: 'This page shows only the product\'s maker, production date and recalls, not where it went or in what quantities.',
};

i18n.global.mergeLocaleMessage('zh-CN', { publicTrace: zh });
i18n.global.mergeLocaleMessage('en', { publicTrace: en });
