// The counts the portal publishes of complaints (src/complaint/publication.h): a business's five
// years (消费投诉公示) and a quarter's statistics share this tally.
export interface ComplaintTally {
  complaints: number; // 投诉量
  accepted: number; // 受理量
  mediation_ended: number;
  agreed: number;
  mediation_success_rate: number | null; // agreed ÷ mediation_ended; null while none has ended
}
