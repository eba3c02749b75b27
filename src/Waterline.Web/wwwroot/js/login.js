// Login page, demo mode: a click on a demo account fills in the form.
(function () {
    "use strict";
    for (const button of document.querySelectorAll("button.demo-fill")) {
        button.addEventListener("click", () => {
            document.getElementById("username").value = button.dataset.user;
            document.getElementById("password").value = button.dataset.password;
            document.getElementById("sign-in").focus();
        });
    }
})();
