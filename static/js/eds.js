// Prove the IIN with a digital signature: NCALayer signs the page's one-time challenge with
// the person's key (through the vendored ncalayer-js-client), and the form posts the CMS.
(function () {
  "use strict";
  var form = document.getElementById("eds-form");
  var button = document.getElementById("eds-sign");
  var status = document.getElementById("eds-status");
  if (!form || !button || !window.NCALayerClient) return;
  button.hidden = false;
  button.addEventListener("click", async function () {
    button.disabled = true;
    status.textContent = form.dataset.connecting;
    var client = new window.NCALayerClient(form.dataset.ncalayerUrl, false);
    try {
      await client.connect();
    } catch (error) {
      status.textContent = form.dataset.noNcalayer;
      button.disabled = false;
      return;
    }
    status.textContent = form.dataset.signing;
    try {
      var cms = await client.basicsSignCMS(
        window.NCALayerClient.basicsStorageAll,
        form.dataset.challenge,
        window.NCALayerClient.basicsCMSParamsDetachedNoTSP,
        window.NCALayerClient.basicsSignerSignAny,
        document.documentElement.lang === "kk" ? "kk" : (document.documentElement.lang === "en" ? "en" : "ru")
      );
    } catch (error) {
      status.textContent = error.canceledByUser ? form.dataset.cancelled : form.dataset.failed;
      button.disabled = false;
      return;
    }
    form.elements.cms.value = cms;
    status.textContent = form.dataset.checking;
    form.submit();
  });
})();
