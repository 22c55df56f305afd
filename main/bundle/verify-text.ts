/** VERIFY.txt: how to check a bundle with standard tools only. */
export function verifyText(fingerprint: string): string {
  return `This is a GCM Review bundle (a zip). It was signed with the Ed25519 key whose fingerprint is

    ${fingerprint}

Check that fingerprint with the signer by another channel (telephone, in person) before trusting it.
To verify the bundle with standard tools, unzip it into an empty folder and run there:

    openssl pkey -pubin -in signer.pub.pem -outform DER | sha256sum
        -> must print the fingerprint above (without "sha256:")
    openssl pkeyutl -verify -pubin -inkey signer.pub.pem -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig
        -> must print "Signature Verified Successfully"
    sha256sum --strict -c SHA256SUMS
        -> every line must end in ": OK"

SHA256SUMS lists every file of the bundle except itself, its signature (SHA256SUMS.sig) and the
public key (signer.pub.pem). Any other file in the folder did not come from the signer.
`;
}
