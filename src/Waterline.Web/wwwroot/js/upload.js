// Upload page: sends the file with XMLHttpRequest (for upload progress), then polls the import job.
(function () {
    "use strict";
    const form = document.getElementById("upload-form");
    if (!form || form.dataset.wired) { return; }
    form.dataset.wired = "1";

    const kind = document.getElementById("kind");
    const file = document.getElementById("file");
    const button = document.getElementById("upload");
    const template = document.getElementById("template");
    const status = document.getElementById("status");
    const uploadBar = document.getElementById("upload-progress");
    const importBar = document.getElementById("progress");
    const progressText = document.getElementById("progress-text");
    const error = document.getElementById("error");
    const report = document.getElementById("report");

    const updateTemplate = () => { template.href = "/api/imports/template/" + encodeURIComponent(kind.value) + ".csv"; };
    kind.addEventListener("change", updateTemplate);
    updateTemplate();

    function showError(message) {
        error.textContent = message;
        error.hidden = false;
        button.disabled = false;
    }

    function problemText(body, fallback) {
        try {
            const p = JSON.parse(body);
            return p.detail || p.title || fallback;
        } catch { return fallback; }
    }

    function showProgress(p) {
        if (!p) { return; }
        if (p.totalBytes) {
            importBar.max = p.totalBytes;
            importBar.value = Math.min(p.bytesRead, p.totalBytes);
        }
        progressText.textContent = p.rowsRead.toLocaleString() + " rows read: " + p.accepted.toLocaleString() + " accepted, "
            + p.alreadyPresent.toLocaleString() + " already present, " + p.rejected.toLocaleString() + " rejected";
    }

    function showReport(r) {
        importBar.max = 1; importBar.value = 1;
        document.getElementById("accepted").textContent = r.accepted;
        document.getElementById("already-present").textContent = r.alreadyPresent;
        document.getElementById("rejected").textContent = r.rejectedRows;
        const table = document.getElementById("rejections");
        const body = table.querySelector("tbody");
        body.replaceChildren();
        for (const x of r.rejected) {
            const tr = document.createElement("tr");
            for (const v of [x.row, x.field, x.reason]) {
                const td = document.createElement("td");
                td.textContent = v;
                tr.appendChild(td);
            }
            body.appendChild(tr);
        }
        table.hidden = r.rejected.length === 0;
        report.hidden = false;
        button.disabled = false;
    }

    function poll(location) {
        fetch(location, { headers: { "Accept": "application/json" } })
            .then(r => r.ok ? r.json() : r.text().then(t => { throw new Error(problemText(t, "Status " + r.status)); }))
            .then(job => {
                showProgress(job.progress);
                if (job.status === "completed") { showReport(job.report); }
                else if (job.status === "failed") { showError(job.error || "The import failed; nothing was kept."); }
                else { setTimeout(() => poll(location), 400); }
            })
            .catch(e => showError("Could not follow the import: " + e.message));
    }

    form.addEventListener("submit", ev => {
        ev.preventDefault();
        if (!file.files.length) { showError("Choose a file first."); return; }
        error.hidden = true;
        report.hidden = true;
        status.hidden = false;
        uploadBar.value = 0;
        importBar.removeAttribute("value");
        progressText.textContent = "";
        button.disabled = true;

        const data = new FormData();
        data.append("kind", kind.value);
        data.append("file", file.files[0]);
        const xhr = new XMLHttpRequest();
        xhr.open("POST", "/api/imports");
        xhr.upload.addEventListener("progress", e => {
            if (e.lengthComputable) { uploadBar.value = Math.round(100 * e.loaded / e.total); }
        });
        xhr.addEventListener("load", () => {
            if (xhr.status === 202) {
                uploadBar.value = 100;
                poll(xhr.getResponseHeader("Location"));
            } else {
                showError(problemText(xhr.responseText, "The upload was refused (status " + xhr.status + ")."));
            }
        });
        xhr.addEventListener("error", () => showError("The upload failed: the server could not be reached."));
        xhr.send(data);
    });
})();
