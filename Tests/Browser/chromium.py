"""What the browser tests share: headless Chromium through chromedriver, its console, and the verdict."""
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service


def browser(width=1200, height=1600, javascript=True):
    """Debian's headless Chromium, logging the console and the network; `javascript=False` turns scripts off."""
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={width},{height}", "--force-device-scale-factor=1"]:
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def console_problems(driver, levels=("SEVERE", "ERROR", "WARNING")):
    """The console's errors and warnings since the last call."""
    return ["console: " + entry.get("message", "") for entry in driver.get_log("browser")
            if entry.get("level") in levels]


def verdict(name, problems, success, heading="problem(s) in the browser"):
    """Prints the problems (status 1) or the success line (status 0)."""
    if problems:
        print(f"{name}: {len(problems)} {heading}:")
        for problem in problems:
            print("  " + problem)
        return 1
    print(success)
    return 0
