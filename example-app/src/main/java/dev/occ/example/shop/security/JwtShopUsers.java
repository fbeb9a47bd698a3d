package dev.occ.example.shop.security;

import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Turns a verified bearer token into the {@link ShopUser} it stands for: the user's name from
 * {@code shop.security.jwt.username-claim} (default {@code preferred_username}, else {@code sub}),
 * the shop from {@code shop-claim} (default {@code shop}) and the role from {@code role-claim}
 * (default {@code shop_role}: {@code VIEWER} or {@code ADVISOR}). A token without a shop or with
 * another role is refused as invalid (401): it cannot be walled into a shop.
 */
public final class JwtShopUsers implements Converter<Jwt, AbstractAuthenticationToken> {
  private final SecuritySettings.Jwt claims;

  /** Creates the converter for the configured claim names. */
  public JwtShopUsers(SecuritySettings.Jwt claims) {
    this.claims = claims;
  }

  @Override
  public AbstractAuthenticationToken convert(Jwt jwt) {
    String username = jwt.getClaimAsString(claims.usernameClaim());
    if (username == null || username.isBlank()) {
      username = jwt.getSubject();
    }
    String shop = jwt.getClaimAsString(claims.shopClaim());
    String role = jwt.getClaimAsString(claims.roleClaim());
    if (username == null || username.isBlank()) {
      throw new InvalidBearerTokenException("The token names no user");
    }
    if (shop == null || shop.isBlank()) {
      throw new InvalidBearerTokenException("The token has no " + claims.shopClaim() + " claim");
    }
    Role parsed =
        Role.byName(role == null ? "" : role)
            .orElseThrow(
                () ->
                    new InvalidBearerTokenException(
                        "The token's " + claims.roleClaim() + " claim is not VIEWER or ADVISOR"));
    ShopUser user = new ShopUser(username, shop, parsed);
    return UsernamePasswordAuthenticationToken.authenticated(
        user, jwt, List.of(parsed.authority()));
  }
}
