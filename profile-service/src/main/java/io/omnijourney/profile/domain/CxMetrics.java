package io.omnijourney.profile.domain;

import java.util.Collection;
import java.util.Map;

/**
 * Customer-experience scores over a set of {@code Survey Responded} events. NPS = % promoters (9-10) minus %
 * detractors (0-6) of the NPS answers; CSAT (1-5) and CES (1-7) are averages. Answers are read as the profile reads
 * them ({@link SurveyScale#read}): out-of-range or fractional answers are not counted.
 */
public record CxMetrics(long npsResponses, Double nps, long promoters, long passives, long detractors,
        long csatResponses, Double csatAverage, long cesResponses, Double cesAverage) {

    public static CxMetrics of(Collection<Map<String, Object>> surveyProperties) {
        long promoters = 0;
        long passives = 0;
        long detractors = 0;
        long csatCount = 0;
        long cesCount = 0;
        double csatSum = 0;
        double cesSum = 0;
        for (Map<String, Object> properties : surveyProperties) {
            Integer nps = SurveyScale.NPS.read(properties.get(SurveyScale.NPS.property())).orElse(null);
            if (nps != null) {
                if (nps >= 9) {
                    promoters++;
                } else if (nps >= 7) {
                    passives++;
                } else {
                    detractors++;
                }
            }
            Integer csat = SurveyScale.CSAT.read(properties.get(SurveyScale.CSAT.property())).orElse(null);
            if (csat != null) {
                csatCount++;
                csatSum += csat;
            }
            Integer ces = SurveyScale.CES.read(properties.get(SurveyScale.CES.property())).orElse(null);
            if (ces != null) {
                cesCount++;
                cesSum += ces;
            }
        }
        long npsCount = promoters + passives + detractors;
        return new CxMetrics(npsCount, npsCount == 0 ? null : round(100.0 * (promoters - detractors) / npsCount),
                promoters, passives, detractors, csatCount, csatCount == 0 ? null : round(csatSum / csatCount),
                cesCount, cesCount == 0 ? null : round(cesSum / cesCount));
    }

    private static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
