package io.omnijourney.console;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser session as the tests drive it over HTTP: its cookie and the CSRF token its pages carry. */
public record SignedIn(String cookie, String csrf) {

    public static final String COOKIE = "oj_console";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");

    /** Signs in with {@code key} and reads the CSRF token from the first page. */
    public static SignedIn as(String key, String page) {
        Response signIn = given().redirects().follow(false).formParam("apiKey", key).post("/sign-in");
        if (signIn.statusCode() != 303) {
            throw new AssertionError("sign-in answered " + signIn.statusCode() + ": " + signIn.body().asString());
        }
        String cookie = signIn.cookie(COOKIE);
        String html = given().cookie(COOKIE, cookie).get(page).body().asString();
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF token on " + page + ": " + html);
        }
        return new SignedIn(cookie, m.group(1));
    }

    public io.restassured.specification.RequestSpecification request() {
        return given().redirects().follow(false).cookie(COOKIE, cookie);
    }
}
