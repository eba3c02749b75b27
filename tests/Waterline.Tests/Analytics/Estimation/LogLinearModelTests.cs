using Waterline.Analytics.Estimation;

namespace Waterline.Tests.Analytics.Estimation;

public class LogLinearModelTests
{
    [Fact]
    public void Darroch_R3_models_give_Rivests_published_abundances()
    {
        // Rivest (2011) via Rcapture's inst/tests/testPapersResults.R, R3 data of Darroch et al. (1993).
        var table = MseTables.Read("darroch1993_r3.csv");
        var saturated = LogLinearModel.Parse("S1:S2,S1:S3,S2:S3", table).Fit(table);
        Assert.Equal(1240, Math.Round(saturated.Total));
        Assert.Equal(451, Math.Round(saturated.StandardError));
        var inter2 = LogLinearModel.Parse("S1:S2,S2:S3", table).Fit(table);
        Assert.Equal(850, Math.Round(inter2.Total));
        Assert.Equal(186, Math.Round(inter2.StandardError));
        Assert.Equal(3.8, Math.Round(inter2.Deviance, 1));
        Assert.Equal(1, inter2.DegreesOfFreedom);
        var darroch = LogLinearModel.Parse("S1:S2,Darroch", table).Fit(table);
        Assert.Equal(1181.8, Math.Round(darroch.Total, 1));
        Assert.Equal(404.2, Math.Round(darroch.StandardError, 1));
    }
}
