DELETE FROM example_access_logs;

INSERT INTO
  example_access_logs(time, path, code, agent, method)
VALUES
  (1412380793, '/item/sports/4642', 200, 'Mozilla/5.0 (X11; Linux x86_64; rv:9.0) Gecko/20100101 Firefox/9.0', 'GET'),
  (1412380784, '/category/finance', 400, 'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1)', 'GET'),
  (1412380775, '/item/electronics/954', 200, 'Mozilla/5.0 (X11; Linux x86_64; rv:9.0) Gecko/20100101 Firefox/9.0', 'POST'),
  (1412380766, '/category/networking', 200, 'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1)', 'GET'),
  (1412380757, '/category/books', 200, 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_7) Safari/534.52', 'GET'),
  (1412380748, '/item/finance/3775', 400, 'Mozilla/5.0 (Windows NT 6.0; rv:10.0) Gecko/20100101 Firefox/10.0', 'POST'),
  (1412380739, '/item/networking/540', 200, 'Mozilla/5.0 (Windows NT 5.1) AppleWebKit/535.11 Chrome/17.0 Safari/535.11', 'POST'),
  (1412380730, '/item/health/1326', 200, 'Mozilla/5.0 (X11; Linux x86_64; rv:9.0) Gecko/20100101 Firefox/9.0', 'GET'),
  (1412380721, '/category/finance?from=10', 200, 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'GET'),
  (1412380712, '/item/computers/959', 500, 'Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/535.7 Chrome/16.0 Safari/535.7', 'GET')
